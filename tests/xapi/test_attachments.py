"""Statements with attachment data: multipart/mixed in, multipart/mixed out
(xAPI 1.0.3 Data 2.4.11, Communication 1.5.2 and 2.1.3 `attachments`)."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import override_settings

from crystal_learning.xapi.attachments.services import (
    attachments_unreferenced_delete,
)
from crystal_learning.xapi.forwarding.delivery import forward_pending
from crystal_learning.xapi.models import (
    Delivery,
    LRSEndpoint,
    Statement,
    StatementAttachment,
    XapiAttachment,
)
from tests.xapi.factories import make_statement
from tests.xapi.helpers import (
    alternate,
    attachment_for,
    basic_header,
    data_part,
    multipart,
    multipart_parts,
    multipart_type,
    send_multipart,
)
from tests.xapi.stub_lrs import StubLRS

ESSAY = b"here is a simple attachment"
#: Every byte value, CRLFs and something that looks like a boundary: binary data.
BINARY = bytes(range(256)) * 4 + b"\r\n--abcABC0123\r\n\r\n" + bytes(range(255, -1, -1))


def _stored(sha2: str) -> bytes:
    return bytes(XapiAttachment.objects.get(sha2=sha2).content)


def test_a_statement_with_attachment_data_is_stored_with_its_data(lrs_client):
    attachment = attachment_for(ESSAY, "text/plain; charset=ascii")
    statement = make_statement(attachments=[attachment])
    response = send_multipart(
        lrs_client, multipart(statement, data_part(ESSAY, "text/plain"))
    )
    assert response.status_code == 200, response.content
    assert response.json() == [statement["id"]]
    row = XapiAttachment.objects.get()
    assert (row.sha2, row.length, bytes(row.content)) == (
        attachment["sha2"],
        len(ESSAY),
        ESSAY,
    )
    assert row.content_type == "text/plain; charset=ascii"
    link = StatementAttachment.objects.get()
    assert str(link.statement.statement_id) == statement["id"]


def test_binary_data_is_kept_byte_for_byte_and_returned(lrs_client):
    statement = make_statement(
        attachments=[attachment_for(BINARY, "application/octet-stream")]
    )
    response = send_multipart(
        lrs_client, multipart(statement, data_part(BINARY, "application/octet-stream"))
    )
    assert response.status_code == 200, response.content
    assert _stored(statement["attachments"][0]["sha2"]) == BINARY
    answer = lrs_client.get({"statementId": statement["id"], "attachments": "true"})
    assert answer.status_code == 200
    [(json_headers, body), (headers, data)] = multipart_parts(answer)
    assert json_headers["content-type"] == "application/json"
    assert json.loads(body)["id"] == statement["id"]
    assert data == BINARY
    assert headers["x-experience-api-hash"] == statement["attachments"][0]["sha2"]
    assert headers["content-transfer-encoding"] == "binary"
    assert headers["content-type"] == "application/octet-stream"


def test_the_same_data_in_a_batch_and_again_later_is_kept_once(lrs_client):
    attachment = attachment_for(ESSAY)
    batch = [make_statement(attachments=[attachment]) for _ in range(2)]
    response = send_multipart(lrs_client, multipart(batch, data_part(ESSAY)))
    assert response.status_code == 200, response.content
    later = make_statement(attachments=[attachment])
    assert (
        send_multipart(lrs_client, multipart(later, data_part(ESSAY))).status_code
        == 200
    )
    assert XapiAttachment.objects.count() == 1
    assert StatementAttachment.objects.count() == 3


def test_put_takes_multipart_too(lrs_client):
    statement = make_statement(attachments=[attachment_for(ESSAY)])
    response = send_multipart(
        lrs_client,
        multipart(statement, data_part(ESSAY)),
        method="PUT",
        query=f"?statementId={statement['id']}",
    )
    assert response.status_code == 204, response.content
    assert _stored(statement["attachments"][0]["sha2"]) == ESSAY


def test_a_multipart_body_without_attachments_is_accepted(lrs_client):
    statement = make_statement()
    assert send_multipart(lrs_client, multipart(statement)).status_code == 200
    assert Statement.objects.count() == 1


def test_an_attachment_with_a_file_url_needs_no_part(lrs_client):
    attachment = attachment_for(ESSAY, fileUrl="https://files.example/essay.txt")
    response = send_multipart(
        lrs_client, multipart(make_statement(attachments=[attachment]))
    )
    assert response.status_code == 200, response.content
    assert not XapiAttachment.objects.exists()


def _refused(response, field: str) -> None:
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field, response.json()
    assert not Statement.objects.exists()
    assert not XapiAttachment.objects.exists()


def test_json_with_an_attachment_without_file_url_is_refused(lrs_client):
    statement = make_statement(attachments=[attachment_for(ESSAY)])
    _refused(lrs_client.post(statement), "attachments[0]")


def test_an_attachment_without_its_part_is_refused(lrs_client):
    batch = [make_statement(), make_statement(attachments=[attachment_for(ESSAY)])]
    _refused(
        send_multipart(lrs_client, multipart(batch)), "statements[1].attachments[0]"
    )


def test_a_sub_statement_attachment_needs_its_part(lrs_client):
    inner = make_statement(attachments=[attachment_for(ESSAY)])
    for key in ("id", "timestamp"):
        inner.pop(key)
    statement = make_statement(object={"objectType": "SubStatement", **inner})
    _refused(send_multipart(lrs_client, multipart(statement)), "object.attachments[0]")
    response = send_multipart(lrs_client, multipart(statement, data_part(ESSAY)))
    assert response.status_code == 200, response.content


def test_a_part_no_attachment_declares_is_refused(lrs_client):
    body = multipart(make_statement(), data_part(ESSAY))
    _refused(send_multipart(lrs_client, body), "X-Experience-API-Hash")


def test_a_part_whose_hash_is_not_its_data_is_refused(lrs_client):
    statement = make_statement(attachments=[attachment_for(ESSAY)])
    wrong = data_part(
        b"other data", **{"X-Experience-API-Hash": attachment_for(ESSAY)["sha2"]}
    )
    _refused(
        send_multipart(lrs_client, multipart(statement, wrong)), "X-Experience-API-Hash"
    )


@pytest.mark.parametrize(
    ("headers", "field"),
    [
        ({"X-Experience-API-Hash": None}, "X-Experience-API-Hash"),
        ({"Content-Transfer-Encoding": None}, "Content-Transfer-Encoding"),
        ({"Content-Transfer-Encoding": "base64"}, "Content-Transfer-Encoding"),
        ({"Content-Type": "image/png"}, "attachments[0].contentType"),
    ],
)
def test_a_part_with_wrong_headers_is_refused(lrs_client, headers, field):
    statement = make_statement(attachments=[attachment_for(ESSAY)])
    body = multipart(statement, data_part(ESSAY, **headers))
    _refused(send_multipart(lrs_client, body), field)


def test_a_length_that_is_not_the_data_is_refused(lrs_client):
    statement = make_statement(attachments=[attachment_for(ESSAY, length=3)])
    body = multipart(statement, data_part(ESSAY))
    _refused(send_multipart(lrs_client, body), "attachments[0].length")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"no boundary anywhere", multipart_type()),
        (
            b"--abc\r\nContent-Type: application/json\r\n\r\n{}",
            "multipart/mixed; boundary=abc",
        ),
        (
            b"--abc\r\nContent-Type: text/plain\r\n\r\n{}\r\n--abc--",
            "multipart/mixed; boundary=abc",
        ),
        (
            b"--abc\r\nBroken header\r\n\r\n{}\r\n--abc--",
            "multipart/mixed; boundary=abc",
        ),
        (
            b"--abc\r\nContent-Type: application/json\r\n\r\n[}\r\n--abc--",
            "multipart/mixed; boundary=abc",
        ),
        (b"--abc--", "multipart/mixed; boundary=abc"),
        (b"anything", "multipart/mixed"),
        (b"anything", 'multipart/mixed; boundary=""'),
        (
            b"\xff\xfe--abc\r\n\xff: \xff\r\n\r\n\r\n--abc--",
            "multipart/mixed; boundary=abc",
        ),
    ],
)
def test_a_broken_multipart_body_is_a_400(lrs_client, body, content_type):
    response = send_multipart(lrs_client, body, content_type=content_type)
    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert not Statement.objects.exists()


@override_settings(CRYSTAL_XAPI_MAX_ATTACHMENT_BYTES=1000)
def test_more_attachment_data_than_the_limit_is_a_413(lrs_client):
    data = b"x" * 1001
    statement = make_statement(attachments=[attachment_for(data)])
    response = send_multipart(lrs_client, multipart(statement, data_part(data)))
    assert response.status_code == 413, response.content
    assert not Statement.objects.exists()


@override_settings(CRYSTAL_XAPI_MAX_BODY_BYTES=500)
def test_statements_part_over_the_body_limit_is_a_413(lrs_client):
    statement = make_statement(result={"response": "x" * 600})
    response = send_multipart(lrs_client, multipart(statement))
    assert response.status_code == 413, response.content


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_data_larger_than_djangos_in_memory_limit_is_still_read(lrs_client):
    data = bytes(range(256)) * 20
    statement = make_statement(attachments=[attachment_for(data, "image/png")])
    response = send_multipart(
        lrs_client, multipart(statement, data_part(data, "image/png"))
    )
    assert response.status_code == 200, response.content
    assert _stored(statement["attachments"][0]["sha2"]) == data


def test_the_alternate_syntax_cannot_carry_attachment_data(client, lrs_client):
    fields = {
        "Authorization": basic_header(),
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": multipart_type(),
        "content": "anything",
    }
    response = alternate(client, "/xapi/statements", "POST", fields)
    assert response.status_code == 400
    assert response.json()["field"] == "Content-Type"


def test_a_conflict_keeps_no_data(lrs_client):
    statement = make_statement()
    assert lrs_client.post(statement).status_code == 200
    changed = {
        **make_statement(attachments=[attachment_for(ESSAY)]),
        "id": statement["id"],
    }
    response = send_multipart(lrs_client, multipart(changed, data_part(ESSAY)))
    assert response.status_code == 409
    assert not XapiAttachment.objects.exists()


def test_a_statement_list_with_attachments_answers_each_data_once(lrs_client):
    other = b"\x89PNG\r\n\x1a\n fake image"
    first = make_statement(attachments=[attachment_for(ESSAY)])
    second = make_statement(
        attachments=[attachment_for(ESSAY), attachment_for(other, "image/png")]
    )
    body = multipart([first, second], data_part(ESSAY), data_part(other, "image/png"))
    assert send_multipart(lrs_client, body).status_code == 200
    answer = lrs_client.get({"attachments": "true"})
    assert answer.status_code == 200
    assert answer["X-Experience-API-Consistent-Through"]
    parts = multipart_parts(answer)
    assert [json.loads(parts[0][1])["statements"][i]["id"] for i in (0, 1)] == [
        second["id"],
        first["id"],
    ]
    assert [data for _, data in parts[1:]] == [ESSAY, other]
    assert parts[2][0]["content-type"] == "image/png"


def test_without_attachments_true_the_answer_is_json(lrs_client):
    statement = make_statement(attachments=[attachment_for(ESSAY)])
    send_multipart(lrs_client, multipart(statement, data_part(ESSAY)))
    for params in ({}, {"attachments": "false"}):
        answer = lrs_client.get({"statementId": statement["id"], **params})
        assert answer["Content-Type"] == "application/json"
        assert answer.json()["attachments"][0]["sha2"] == attachment_for(ESSAY)["sha2"]


def test_head_with_attachments_has_no_body(lrs_client):
    statement = make_statement(attachments=[attachment_for(ESSAY)])
    send_multipart(lrs_client, multipart(statement, data_part(ESSAY)))
    response = lrs_client.client.head(
        "/xapi/statements",
        {"statementId": statement["id"], "attachments": "true"},
        **lrs_client.headers,
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("multipart/mixed; boundary=")
    assert response.content == b""


def test_data_only_another_statement_declares_is_not_handed_out(lrs_client):
    """Knowing a hash is not enough: data comes with the statements it came with."""
    owner = make_statement(attachments=[attachment_for(ESSAY)])
    send_multipart(lrs_client, multipart(owner, data_part(ESSAY)))
    claim = make_statement(
        attachments=[attachment_for(ESSAY, fileUrl="https://elsewhere.example/x")]
    )
    assert lrs_client.post(claim).status_code == 200
    answer = lrs_client.get({"statementId": claim["id"], "attachments": "true"})
    assert len(multipart_parts(answer)) == 1


def test_data_no_statement_refers_to_is_removed(lrs_client):
    statement = make_statement(attachments=[attachment_for(ESSAY)])
    send_multipart(lrs_client, multipart(statement, data_part(ESSAY)))
    assert attachments_unreferenced_delete() == 0
    Statement.objects.filter(statement_id=uuid.UUID(statement["id"])).delete()
    assert attachments_unreferenced_delete() == 1
    assert not XapiAttachment.objects.exists()


def test_statements_are_forwarded_with_their_attachment_data(lrs_client):
    """An LRS must not push statements on without the data it received."""
    stub = StubLRS().start()
    try:
        LRSEndpoint.objects.create(name="Regional LRS", url=stub.url)
        with_data = make_statement(attachments=[attachment_for(BINARY, "image/png")])
        plain = make_statement()
        body = multipart([with_data, plain], data_part(BINARY, "image/png"))
        assert send_multipart(lrs_client, body).status_code == 200
        report = forward_pending()
    finally:
        stub.stop()
    assert report.sent == 2
    assert set(stub.stored) == {with_data["id"], plain["id"]}
    sha2 = with_data["attachments"][0]["sha2"]
    assert stub.attachments == {sha2: ("image/png", BINARY)}
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
