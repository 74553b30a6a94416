"""Helpers for the xAPI tests: a client that speaks xAPI, and its secret."""

from __future__ import annotations

import base64

from django.test import Client

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
