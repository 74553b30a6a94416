"""Helpers for the xAPI tests: a client that speaks xAPI, and its secret."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

from django.test import Client

from crystal_learning.xapi.agents import person_agent
from tests.xapi.factories import ACTIVITY

SECRET = "a-long-test-secret"


class XAPIClient:
    """A Django test client that speaks xAPI: version header, JSON, Basic auth."""

    def __init__(self, client: Client, key: str | None = None, secret: str = SECRET):
        self.client = client
        self.headers = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
        if key:
            token = base64.b64encode(f"{key}:{secret}".encode()).decode()
            self.headers["HTTP_AUTHORIZATION"] = f"Basic {token}"

    def post(self, body, **extra):
        import json

        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(
            "/xapi/statements",
            data=data,
            content_type=extra.pop("content_type", "application/json"),
            **{**self.headers, **extra},
        )

    def put(self, statement_id: str, body, **extra):
        import json

        return self.client.put(
            f"/xapi/statements?statementId={statement_id}",
            data=json.dumps(body),
            content_type="application/json",
            **{**self.headers, **extra},
        )

    def get(self, params: dict | None = None, **extra):
        return self.client.get(
            "/xapi/statements", params or {}, **{**self.headers, **extra}
        )


# -- the document resources (State, Activity Profile, Agent Profile) ---------

VERSION = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
STATE = "/xapi/activities/state"
ACTIVITY_PROFILE = "/xapi/activities/profile"
AGENT_PROFILE = "/xapi/agents/profile"
REGISTRATION = "6f1e1b5c-1111-4c1b-9d36-5b2c1a0c1f00"


def basic_header(key: str = "tool") -> str:
    return "Basic " + base64.b64encode(f"{key}:{SECRET}".encode()).decode()


def call(client, method, path, params, body=b"", ctype="application/json", **extra):
    return client.generic(
        method, f"{path}?{urlencode(params)}", body, content_type=ctype, **extra
    )


def alternate(client, path, method, fields, **extra):
    return client.post(
        f"{path}?method={method}",
        data=urlencode(fields),
        content_type="application/x-www-form-urlencoded",
        **extra,
    )


def own_state(api=None, **extra) -> dict:
    """The query of the State documents of staff number S1 about ACTIVITY."""
    return {"activityId": ACTIVITY, "agent": json.dumps(person_agent("S1")), **extra}
