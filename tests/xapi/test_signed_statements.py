"""Signed statements (xAPI 1.0.3 Data 2.6): a JWS attachment, verified."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from crystal_learning.xapi.models import Statement, XapiAttachment
from tests.xapi.factories import make_statement
from tests.xapi.helpers import (
    attachment_for,
    certificate_for,
    data_part,
    jws,
    multipart,
    multipart_parts,
    rsa_key,
    send_multipart,
    signed,
    x5c,
)


@pytest.fixture(scope="module")
def key():
    return rsa_key()


@pytest.fixture(scope="module")
def other_key():
    return rsa_key()


def _send(api, statement: dict, token: bytes):
    body, part = signed(statement, token)
    return send_multipart(api, multipart(body, part)), body


def _refused(response, message: str, field: str = "attachments[0]") -> None:
    assert response.status_code == 400, response.content
    assert response.json()["field"].startswith(field), response.json()
    assert message in response.json()["error"], response.json()
    assert not Statement.objects.exists()
    assert not XapiAttachment.objects.exists()


@pytest.mark.parametrize("algorithm", ["RS256", "RS384", "RS512"])
def test_a_statement_signed_with_an_x509_certificate_is_stored(
    lrs_client, key, algorithm
):
    statement = make_statement()
    token = jws(statement, key, algorithm, x5c=x5c(certificate_for(key)))
    response, sent = _send(lrs_client, statement, token)
    assert response.status_code == 200, response.content
    stored = Statement.objects.get().payload
    assert stored["attachments"][0]["usageType"] == (
        "http://adlnet.gov/expapi/attachments/signature"
    )
    assert bytes(XapiAttachment.objects.get().content) == token
    answer = lrs_client.get({"statementId": statement["id"], "attachments": "true"})
    [_, (headers, data)] = multipart_parts(answer)
    assert data == token
    assert headers["content-type"] == "application/octet-stream"


def test_a_signature_without_a_certificate_is_checked_for_its_payload(lrs_client, key):
    statement = make_statement()
    response, _ = _send(lrs_client, statement, jws(statement, key))
    assert response.status_code == 200, response.content


def test_a_chain_whose_leaf_is_issued_by_the_next_is_accepted(lrs_client, key):
    authority_key = rsa_key()
    authority = certificate_for(authority_key, name="Force signing CA")
    leaf = certificate_for(key, authority_key, issuer=authority)
    statement = make_statement()
    token = jws(statement, key, x5c=x5c(leaf, authority))
    response, _ = _send(lrs_client, statement, token)
    assert response.status_code == 200, response.content


def test_what_the_lrs_sets_is_not_compared(lrs_client, key):
    """The signer signed before the id, timestamp and authority were set, and
    wrote its single context activity as an object, not a list of one."""
    parent = {"id": "https://learning.example.police.uk/xapi/activities/course/c1"}
    original = make_statement(context={"contextActivities": {"parent": parent}})
    signed_form = {k: v for k, v in original.items() if k not in ("id", "timestamp")}
    received = {
        **original,
        "timestamp": "2026-11-26T09:00:00.000+00:00",
        "context": {"contextActivities": {"parent": [parent]}},
    }
    response, _ = _send(lrs_client, received, jws(signed_form, key))
    assert response.status_code == 200, response.content


def test_another_algorithm_is_refused(lrs_client):
    statement = make_statement()
    token = jws(statement, "a-shared-secret-of-thirty-two-bytes!", "HS256")
    _refused(_send(lrs_client, statement, token)[0], "RS256, RS384, RS512")


def test_an_unsigned_jws_is_refused(lrs_client):
    statement = make_statement()
    _refused(_send(lrs_client, statement, jws(statement, None, "none"))[0], "RS256")


def test_a_signature_of_another_statement_is_refused(lrs_client, key):
    statement = make_statement()
    changed = {**statement, "result": {"success": True}}
    _refused(_send(lrs_client, changed, jws(statement, key))[0], "payload differs")


def test_a_signature_that_does_not_verify_with_its_certificate_is_refused(
    lrs_client, key, other_key
):
    statement = make_statement()
    token = jws(statement, key, x5c=x5c(certificate_for(other_key)))
    _refused(_send(lrs_client, statement, token)[0], "does not verify")


def test_a_tampered_signature_is_refused(lrs_client, key):
    statement = make_statement()
    header, payload, signature = jws(
        statement, key, x5c=x5c(certificate_for(key))
    ).split(b".")
    tampered = b".".join([header, payload, signature[:-6] + b"AAAAAA"])
    _refused(_send(lrs_client, statement, tampered)[0], "does not verify")


def test_a_broken_chain_is_refused(lrs_client, key, other_key):
    stranger = certificate_for(other_key, name="Someone else")
    statement = make_statement()
    token = jws(statement, key, x5c=x5c(certificate_for(key), stranger))
    _refused(_send(lrs_client, statement, token)[0], "not a chain")


def test_a_certificate_without_an_rsa_key_is_refused(lrs_client, key):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    statement = make_statement()
    token = jws(statement, key, x5c=x5c(certificate_for(ec_key)))
    _refused(_send(lrs_client, statement, token)[0], "RSA key")


@pytest.mark.parametrize(
    "chain", [["not base64!"], ["AAAA"], [], "a string", [1]] + [["AAAA"] * 11]
)
def test_an_x5c_that_is_not_certificates_is_refused(lrs_client, key, chain):
    statement = make_statement()
    _refused(_send(lrs_client, statement, jws(statement, key, x5c=chain))[0], "x5c")


@pytest.mark.parametrize(
    "token",
    [
        b"not a jws",
        b"a.b.c",
        b"\xff\xfe\x00",
        b"eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",  # payload "not json"
        b"eyJhbGciOiJSUzI1NiJ9.WzEsMl0.c2ln",  # payload [1,2]
    ],
)
def test_a_malformed_signature_is_refused(lrs_client, token):
    statement = make_statement()
    _refused(_send(lrs_client, statement, token)[0], "the signature")


def test_a_signature_must_be_application_octet_stream(lrs_client, key):
    statement = make_statement()
    token = jws(statement, key)
    body, _ = signed(statement, token)
    body["attachments"][0]["contentType"] = "text/plain; charset=ascii"
    response = send_multipart(lrs_client, multipart(body, data_part(token, None)))
    _refused(response, "application/octet-stream", "attachments[0].contentType")


def test_a_signature_must_come_as_a_part(lrs_client, key):
    statement = make_statement()
    body, _ = signed(statement, jws(statement, key))
    body["attachments"][0]["fileUrl"] = "https://files.example/signature.jws"
    response = send_multipart(lrs_client, multipart(body))
    _refused(response, "must be sent as a part")


def test_a_signed_statement_with_other_attachments_keeps_them_all(lrs_client, key):
    essay = b"my statement of events"
    statement = make_statement(attachments=[attachment_for(essay)])
    token = jws(statement, key, x5c=x5c(certificate_for(key)))
    body, signature_part = signed(statement, token)
    response = send_multipart(
        lrs_client, multipart(body, data_part(essay), signature_part)
    )
    assert response.status_code == 200, response.content
    assert XapiAttachment.objects.count() == 2
