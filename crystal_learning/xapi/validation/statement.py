"""The statement skeleton: actor, verb, object (a SubStatement once at most),
result, context, timestamps, attachments, authority and version."""

from __future__ import annotations

import re
from typing import Any

from ..json_limits import JSONRefused, json_checked
from ..vocabulary import SUPPORTED_VERSIONS
from .activities import activity_value
from .actors import validate_agent
from .context import context_value
from .results import result_value
from .values import (
    VERB_ID_MAX,
    StatementInvalid,
    fail,
    iri_value,
    irl_value,
    json_object,
    language_map,
    only_known,
    statement_time,
    uuid_value,
)

#: RFC 2045 type/subtype, with optional parameters.
_MIME = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
MEDIA_TYPE = re.compile(
    rf"{_MIME}/{_MIME}(\s*;\s*{_MIME}=({_MIME}|\"[^\"\\\\]*\"))*", re.ASCII
)
#: SHA-224, SHA-256, SHA-384 or SHA-512 in hexadecimal.
SHA2 = re.compile(r"[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}")


def _verb(value: Any, field: str) -> None:
    verb = json_object(value, field)
    only_known(verb, field, {"id", "display"})
    if "id" not in verb:
        fail(f"{field}.id", "is required")
    iri_value(verb["id"], f"{field}.id", VERB_ID_MAX)
    if "display" in verb:
        language_map(verb["display"], f"{field}.display")


def _statement_object(value: Any, field: str, *, in_substatement: bool) -> str:
    target = json_object(value, field)
    kind = target.get("objectType", "Activity")
    if kind == "Activity":
        activity_value(target, field)
    elif kind in ("Agent", "Group"):
        validate_agent(target, field)
    elif kind == "StatementRef":
        only_known(target, field, {"objectType", "id"})
        uuid_value(target.get("id"), f"{field}.id")
    elif kind == "SubStatement":
        if in_substatement:
            fail(
                f"{field}.objectType",
                "a SubStatement cannot contain another SubStatement",
            )
        _substatement(target, field)
    else:
        fail(
            f"{field}.objectType",
            "must be Activity, Agent, Group, StatementRef or SubStatement",
        )
    return kind


def _attachments(value: Any, field: str) -> None:
    if not isinstance(value, list):
        fail(field, "must be a list")
    for index, attachment in enumerate(value):
        where = f"{field}[{index}]"
        json_object(attachment, where)
        only_known(
            attachment,
            where,
            {
                "usageType",
                "display",
                "description",
                "contentType",
                "length",
                "sha2",
                "fileUrl",
            },
        )
        for key in ("usageType", "display", "contentType", "length", "sha2"):
            if key not in attachment:
                fail(f"{where}.{key}", "is required")
        iri_value(attachment["usageType"], f"{where}.usageType")
        language_map(attachment["display"], f"{where}.display")
        if "description" in attachment:
            language_map(attachment["description"], f"{where}.description")
        if not isinstance(attachment["contentType"], str) or not MEDIA_TYPE.fullmatch(
            attachment["contentType"]
        ):
            fail(f"{where}.contentType", "must be a media type, e.g. text/plain")
        length = attachment["length"]
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            fail(f"{where}.length", "must be a whole number of octets, 0 or more")
        if not isinstance(attachment["sha2"], str) or not SHA2.fullmatch(
            attachment["sha2"]
        ):
            fail(f"{where}.sha2", "must be a SHA-2 hash in hexadecimal")
        # Without fileUrl the data must come as a multipart/mixed part: the
        # Statements resource matches parts (attachments/services.py).
        if "fileUrl" in attachment:
            irl_value(attachment["fileUrl"], f"{where}.fileUrl")


def _core(statement: dict, field: str, *, in_substatement: bool) -> None:
    for key in ("actor", "verb", "object"):
        if key not in statement:
            fail(f"{field}{key}", "is required")
    validate_agent(statement["actor"], f"{field}actor")
    _verb(statement["verb"], f"{field}verb")
    kind = _statement_object(
        statement["object"], f"{field}object", in_substatement=in_substatement
    )
    if "result" in statement:
        result_value(statement["result"], f"{field}result")
    if "context" in statement:
        context_value(statement["context"], f"{field}context", kind)
    if "timestamp" in statement:
        statement_time(statement["timestamp"], f"{field}timestamp")
    if "attachments" in statement:
        _attachments(statement["attachments"], f"{field}attachments")


def _substatement(value: dict, field: str) -> None:
    only_known(
        value,
        field,
        {
            "objectType",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "attachments",
        },
    )
    _core(value, f"{field}.", in_substatement=True)


def _authority(value: Any) -> None:
    """An Agent, or the anonymous Group of two that three-legged OAuth gives."""
    validate_agent(value, "authority")
    if value.get("objectType") != "Group":
        return
    if any(key in value for key in ("mbox", "mbox_sha1sum", "openid", "account")):
        fail("authority", "a Group authority must be anonymous (no identifier)")
    if len(value.get("member") or []) != 2:
        fail("authority.member", "a Group authority must have exactly two members")


def _nulls_refused(value: Any, field: str) -> None:
    """No property may be null, except inside extensions (Data 2.2)."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{field}.{key}" if field else key
            if item is None:
                fail(where, "must not be null")
            if key != "extensions":
                _nulls_refused(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if item is None:
                fail(f"{field}[{index}]", "must not be null")
            _nulls_refused(item, f"{field}[{index}]")


def validate_statement(statement: Any) -> None:
    """Raise StatementInvalid for the first way `statement` breaks xAPI 1.0.3."""
    try:
        text = json_checked(statement)
    except JSONRefused as error:
        raise StatementInvalid(error.field, error.message) from None
    data = json_object(statement, "")
    if text is None or "null" in text:  # no "null" in its JSON: no null in it
        _nulls_refused(data, "")
    only_known(
        data,
        "",
        {
            "id",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "stored",
            "authority",
            "version",
            "attachments",
        },
    )
    if "id" in data:
        uuid_value(data["id"], "id")
    _core(data, "", in_substatement=False)
    if "stored" in data:
        statement_time(data["stored"], "stored")
    if "authority" in data:
        _authority(data["authority"])
    if "version" in data:
        version = data["version"]
        if not isinstance(version, str) or not re.fullmatch(
            r"1\.0(\.\d+)?", version, re.ASCII
        ):
            fail("version", f"must be a 1.0.x version such as {SUPPORTED_VERSIONS[-1]}")
    if data["verb"]["id"] == "http://adlnet.gov/expapi/verbs/voided" and (
        data["object"].get("objectType") != "StatementRef"
    ):
        fail("object.objectType", "a voiding statement's object must be a StatementRef")
