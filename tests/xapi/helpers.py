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


# -- attachments and signed statements (multipart/mixed) ---------------------

BOUNDARY = "abcABC0123'()+_,-./:=?"
USAGE = "http://example.com/attachment-usage/test"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"


def attachment_for(data: bytes, content_type: str = "text/plain", **extra) -> dict:
    """The Attachment object declaring `data` (SHA-256), as a statement lists it."""
    import hashlib

    return {
        "usageType": USAGE,
        "display": {"en-GB": "A test attachment"},
        "contentType": content_type,
        "length": len(data),
        "sha2": hashlib.sha256(data).hexdigest(),
        **extra,
    }


def data_part(data: bytes, content_type: str = "text/plain", **headers) -> tuple:
    """An attachment part: its headers (hash and binary encoding) and data."""
    import hashlib

    part_headers = {
        "Content-Type": content_type,
        "Content-Transfer-Encoding": "binary",
        "X-Experience-API-Hash": hashlib.sha256(data).hexdigest(),
        **headers,
    }
    return {k: v for k, v in part_headers.items() if v is not None}, data


def multipart(statements, *parts: tuple, boundary: str = BOUNDARY) -> bytes:
    """A multipart/mixed body: the statements as JSON, then each part, CRLFs
    as RFC 2046 draws them (and the spec's example boundary)."""
    delimiter = b"--" + boundary.encode()
    chunks = [delimiter, b"\r\nContent-Type: application/json\r\n\r\n"]
    chunks.append(json.dumps(statements).encode())
    for headers, data in parts:
        chunks.append(b"\r\n" + delimiter + b"\r\n")
        for name, value in headers.items():
            chunks.append(f"{name}:{value}\r\n".encode())
        chunks += [b"\r\n", data]
    chunks.append(b"\r\n" + delimiter + b"--\r\n")
    return b"".join(chunks)


def multipart_type(boundary: str = BOUNDARY) -> str:
    return f'multipart/mixed; boundary="{boundary}"'


def send_multipart(api, body: bytes, method: str = "POST", query: str = "", **extra):
    return api.client.generic(
        method,
        f"/xapi/statements{query}",
        body,
        content_type=extra.pop("content_type", multipart_type()),
        **{**api.headers, **extra},
    )


def multipart_parts(response) -> list[tuple[dict, bytes]]:
    """A multipart answer's parts: (headers with lower-cased names, data)."""
    content_type = response["Content-Type"]
    assert content_type.startswith("multipart/mixed; boundary=")
    delimiter = b"--" + content_type.split("boundary=", 1)[1].strip('"').encode()
    body = response.content
    assert body.startswith(delimiter + b"\r\n")
    assert body.endswith(b"\r\n" + delimiter + b"--\r\n")
    inner = body[len(delimiter) + 2 : -(len(delimiter) + 6)]
    parts = []
    for raw in inner.split(b"\r\n" + delimiter + b"\r\n"):
        head, _, data = raw.partition(b"\r\n\r\n")
        lines = [line.decode().partition(":") for line in head.split(b"\r\n")]
        headers = {name.strip().lower(): value.strip() for name, _, value in lines}
        parts.append((headers, data))
    return parts


def rsa_key(bits: int = 2048):
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def certificate_for(key, issuer_key=None, name: str = "Test signer", issuer=None):
    """A certificate for `key`'s public key, signed by `issuer_key` (itself if
    none): the signer's X.509 certificate an x5c chain starts with."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer is not None else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(issuer_key or key, hashes.SHA256())
    )


def x5c(*certificates) -> list[str]:
    import base64

    from cryptography.hazmat.primitives.serialization import Encoding

    return [
        base64.b64encode(cert.public_bytes(Encoding.DER)).decode()
        for cert in certificates
    ]


def jws(payload: dict, key, algorithm: str = "RS256", **headers) -> bytes:
    """A JWS in compact serialization of `payload` (a statement as JSON)."""
    import jwt

    token = jwt.PyJWS().encode(
        json.dumps(payload).encode(), key, algorithm=algorithm, headers=headers or None
    )
    return token.encode()


def signed(statement: dict, token: bytes) -> tuple[dict, tuple]:
    """The statement with a signature attachment for `token`, and its part."""
    signature = attachment_for(
        token, "application/octet-stream", usageType=SIGNATURE_USAGE
    )
    return (
        {**statement, "attachments": [*statement.get("attachments", []), signature]},
        data_part(token, "application/octet-stream"),
    )
