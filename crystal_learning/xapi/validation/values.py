"""The values statements are made of: identifiers, IRIs, UUIDs, timestamps,
language maps and extensions; and the error that names the bad field.

Patterns are used with fullmatch (a "$" would let a trailing newline through)
and ASCII digits only. Identifiers must also fit the columns that index them
(models.py).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from ..models import Progress, Statement, StatementActivity, StatementAgent


class StatementInvalid(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


IRI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")
IRL = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?"
    r"(?P<offset>Z|[+-]\d{2}(:?\d{2})?)?",
    re.ASCII,
)
#: Statement times the projection, reports and due dates can compute with.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def _column(*fields) -> int:
    """The shortest of the columns a value is stored in."""
    return min(model._meta.get_field(name).max_length for model, name in fields)


ACTIVITY_ID_MAX = _column(
    (Statement, "activity_id"),
    (StatementActivity, "activity_id"),
    (Progress, "activity_id"),
)
VERB_ID_MAX = _column((Statement, "verb_id"))
ACTIVITY_TYPE_MAX = _column((Progress, "activity_type"))
AGENT_KEY_MAX = _column(
    (Statement, "actor_key"),
    (Statement, "object_agent_key"),
    (StatementAgent, "agent_key"),
)


def fail(field: str, message: str) -> None:
    raise StatementInvalid(field, message)


def json_object(value: Any, field: str) -> dict:
    if not isinstance(value, dict):
        fail(field, "must be a JSON object")
    return value


def only_known(value: dict, field: str, allowed: set[str]) -> None:
    unknown = sorted(set(value) - allowed)
    if unknown:
        fail(
            f"{field}.{unknown[0]}" if field else unknown[0],
            "is not an xAPI property here",
        )


def string_value(value: Any, field: str) -> str:
    if not isinstance(value, str):
        fail(field, "must be a string")
    return value


def iri_value(value: Any, field: str, max_length: int | None = None) -> str:
    if not isinstance(value, str) or not IRI.fullmatch(value):
        fail(field, "must be an absolute IRI, e.g. https://example.org/path")
    if max_length is not None and len(value) > max_length:
        fail(field, f"must be at most {max_length} characters long")
    return value


def irl_value(value: Any, field: str) -> str:
    if not isinstance(value, str) or not IRL.fullmatch(value):
        fail(field, "must be an http(s) URL")
    return value


def uuid_value(value: Any, field: str) -> str:
    if not isinstance(value, str):
        fail(field, "must be a UUID string")
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        fail(field, "must be a UUID, e.g. 3f1c1d5e-8a0c-4b3e-9a1e-2b7f5c9d0e11")
    if str(parsed) != value.lower():
        fail(field, "must be a UUID in its hyphenated form")
    return str(parsed)


def timestamp_value(value: Any, field: str) -> datetime:
    """An ISO 8601 timestamp with its offset, as xAPI requires, that UTC can hold."""
    matched = isinstance(value, str) and TIMESTAMP.fullmatch(value)
    if not matched:
        fail(field, "must be an ISO 8601 timestamp, e.g. 2026-11-26T09:30:00Z")
    if not matched.group("offset"):
        fail(field, "must include a time zone offset, e.g. Z or +01:00")
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{2}$", text):
        text += ":00"
    elif re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    if text.endswith("-00:00"):
        fail(field, "must not use the offset -00:00")
    try:
        parsed = datetime.fromisoformat(text)
        parsed.astimezone(UTC)
    except ValueError:
        fail(field, "is not a real date and time")
    except OverflowError:
        fail(field, "is out of range: the year in UTC must be 1 to 9999")
    return parsed


def statement_time(value: Any, field: str) -> datetime:
    when = timestamp_value(value, field)
    if not EARLIEST <= when < LATEST:
        fail(
            field,
            f"must be between {EARLIEST.year} and {LATEST.year - 1} (in UTC)",
        )
    return when


def language_map(value: Any, field: str) -> None:
    json_object(value, field)
    for tag, text in value.items():
        if not LANGUAGE_TAG.fullmatch(tag):
            fail(f"{field}.{tag}", "is not an RFC 5646 language tag")
        string_value(text, f"{field}.{tag}")


def extensions_value(value: Any, field: str) -> None:
    json_object(value, field)
    for key in value:
        iri_value(key, f"{field}.{key}")
