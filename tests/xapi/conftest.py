from __future__ import annotations

import base64
import uuid

import pytest
from django.test import Client

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.services import credential_create

SECRET = "a-long-test-secret"
ACTIVITY = "https://learning.example.police.uk/xapi/activities/module/m1"
VERB = "http://adlnet.gov/expapi/verbs/completed"


def make_statement(staff_number: str = "S00001", **overrides) -> dict:
    statement = {
        "id": str(uuid.uuid4()),
        "actor": person_agent(staff_number),
        "verb": {"id": VERB, "display": {"en-GB": "completed"}},
        "object": {
            "objectType": "Activity",
            "id": ACTIVITY,
            "definition": {"name": {"en-GB": "Module 1"}},
        },
        "timestamp": "2026-11-26T09:00:00Z",
    }
    statement.update(overrides)
    return statement


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


@pytest.fixture
def lrs_client(db, client):
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    return XAPIClient(client, key="tool")


@pytest.fixture
def reader(db, client):
    credential_create(name="reader", secret=SECRET, scopes=["statements/read"])
    return XAPIClient(Client(), key="reader")
