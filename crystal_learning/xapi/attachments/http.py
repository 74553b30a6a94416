"""The Statements resource's bodies with attachments: reading an
application/json or multipart/mixed request into statements and parts, and
answering `attachments=true` with multipart/mixed (Communication 1.5.2, 2.1.3).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from crystal_learning import conf

from ..json_limits import JSONRefused, json_parsed
from ..protocol import VERSION_HEADER, APIError, XRequest
from ..vocabulary import XAPI_VERSION
from .multipart import (
    MultipartRefused,
    Part,
    boundary_of,
    multipart_written,
    parts_read,
)
from .selectors import attachments_of
from .services import HASH_HEADER

#: Room for boundaries and part headers around the statements and the data.
FRAMING_BYTES = 64 * 1024


def _parsed(body: bytes):
    try:
        return json_parsed(body, "body")
    except JSONRefused as error:
        raise APIError(400, f"The body {error.message}.", "body") from None


def _raw_body(xreq: XRequest, limit: int) -> bytes:
    """The whole request body, read past Django's in-memory limit; 413 over `limit`."""
    request = xreq.django
    too_big = APIError(413, f"The body is larger than {limit} bytes.", "body")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise too_big
    try:
        body = request.body  # already read (a session's CSRF check) or small
    except RequestDataTooBig:
        body = request.read(limit + 1)
    if len(body) > limit:
        raise too_big
    return body


def _multipart(xreq: XRequest) -> tuple[Any, list[Part]]:
    statements_limit = conf.xapi_max_body_bytes()
    data_limit = conf.xapi_max_attachment_bytes()
    body = _raw_body(xreq, statements_limit + data_limit + FRAMING_BYTES)
    try:
        parts = parts_read(body, boundary_of(xreq.full_content_type))
    except MultipartRefused as error:
        raise APIError(400, str(error), "body") from None
    if not parts or parts[0].media_type != "application/json":
        raise APIError(
            400,
            "The first part of a multipart/mixed body must be the statements, "
            "application/json.",
            "Content-Type",
        )
    if len(parts[0].body) > statements_limit:
        raise APIError(
            413, f"The statements are larger than {statements_limit} bytes.", "body"
        )
    if sum(len(part.body) for part in parts[1:]) > data_limit:
        raise APIError(
            413, f"The attachment data is larger than {data_limit} bytes.", "body"
        )
    return _parsed(parts[0].body), parts[1:]


def statements_body(xreq: XRequest) -> tuple[Any, list[Part]]:
    """The statements a PUT or POST sends, and its attachment parts."""
    content_type = xreq.content_type
    if content_type == "multipart/mixed":
        if xreq.alternate:
            raise APIError(
                400,
                "Attachment data cannot be sent with the alternate request syntax.",
                "Content-Type",
            )
        return _multipart(xreq)
    if content_type != "application/json":
        raise APIError(
            400,
            "The body must be application/json or multipart/mixed.",
            "Content-Type",
        )
    return _parsed(xreq.body(conf.xapi_max_body_bytes())), []


def _with_data(data: Any, statements: list[dict]) -> list[Part]:
    """`data` as the JSON part, then each attachment's data the LRS holds for
    these statements, once each."""
    parts = [
        Part(
            headers={"Content-Type": "application/json"},
            body=json.dumps(data, cls=DjangoJSONEncoder).encode(),
        )
    ]
    for sha2, content_type, content in attachments_of(statements):
        parts.append(
            Part(
                headers={
                    "Content-Type": content_type,
                    "Content-Transfer-Encoding": "binary",
                    HASH_HEADER: sha2,
                },
                body=content,
            )
        )
    return parts


def multipart_answer(data: Any, statements: list[dict], **headers: str) -> HttpResponse:
    """`data` (a statement or a result) as the first part, then the data of
    every attachment the statements declare that the LRS holds, once each."""
    body, content_type = multipart_written(_with_data(data, statements))
    response = HttpResponse(body, content_type=content_type)
    response[VERSION_HEADER] = XAPI_VERSION
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def statements_multipart(statements: list[dict]) -> tuple[bytes, str] | None:
    """The statements as a multipart/mixed body with the attachment data the
    LRS holds for them (for pushing them to another LRS, Communication
    1.5.2.s3.b3), and its Content-Type; None when there is no data to send."""
    parts = _with_data(statements, statements)
    return multipart_written(parts) if len(parts) > 1 else None
