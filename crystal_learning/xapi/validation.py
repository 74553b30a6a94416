"""Validation of xAPI 1.0.3 statements (Data part, section 2.4), naming the bad field.

Strict where the specification says MUST: unknown properties, identifiers,
IRIs, UUIDs, timestamps, durations, scores, language maps and interaction
definitions are all checked, and the first problem is raised as
`StatementInvalid(field, message)` with a JSON path such as `object.definition.type`.
Values must also fit where they are kept: the JSON limits of json_limits.py, and
identifiers no longer than the columns that index them (models.py).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from .agents import agent_key
from .json_limits import JSONRefused, json_checked
from .models import Progress, Statement, StatementActivity, StatementAgent
from .vocabulary import SUPPORTED_VERSIONS


class StatementInvalid(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


# Patterns are used with fullmatch (a "$" would let a trailing newline through)
# and ASCII digits only.
IRI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")
IRL = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")
MAILTO = re.compile(r"mailto:[^@\s]+@[^@\s]+")
SHA1 = re.compile(r"[0-9a-fA-F]{40}")
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
DURATION = re.compile(
    r"P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
    r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?",
    re.ASCII,
)
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
INTERACTION_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
}
COMPONENT_LISTS = {
    "choice": {"choices"},
    "sequencing": {"choices"},
    "likert": {"scale"},
    "matching": {"source", "target"},
    "performance": {"steps"},
}
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}


def _fail(field: str, message: str) -> None:
    raise StatementInvalid(field, message)


def _object(value: Any, field: str) -> dict:
    if not isinstance(value, dict):
        _fail(field, "must be a JSON object")
    return value


def _allowed(value: dict, field: str, allowed: set[str]) -> None:
    unknown = sorted(set(value) - allowed)
    if unknown:
        _fail(
            f"{field}.{unknown[0]}" if field else unknown[0],
            "is not an xAPI property here",
        )


def _string(value: Any, field: str) -> str:
    if not isinstance(value, str):
        _fail(field, "must be a string")
    return value


def iri_value(value: Any, field: str, max_length: int | None = None) -> str:
    if not isinstance(value, str) or not IRI.fullmatch(value):
        _fail(field, "must be an absolute IRI, e.g. https://example.org/path")
    if max_length is not None and len(value) > max_length:
        _fail(field, f"must be at most {max_length} characters long")
    return value


_iri = iri_value


def _irl(value: Any, field: str) -> str:
    if not isinstance(value, str) or not IRL.fullmatch(value):
        _fail(field, "must be an http(s) URL")
    return value


def uuid_value(value: Any, field: str) -> str:
    if not isinstance(value, str):
        _fail(field, "must be a UUID string")
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        _fail(field, "must be a UUID, e.g. 3f1c1d5e-8a0c-4b3e-9a1e-2b7f5c9d0e11")
    if str(parsed) != value.lower():
        _fail(field, "must be a UUID in its hyphenated form")
    return str(parsed)


def timestamp_value(value: Any, field: str) -> datetime:
    """An ISO 8601 timestamp with its offset, as xAPI requires, that UTC can hold."""
    matched = isinstance(value, str) and TIMESTAMP.fullmatch(value)
    if not matched:
        _fail(field, "must be an ISO 8601 timestamp, e.g. 2026-11-26T09:30:00Z")
    if not matched.group("offset"):
        _fail(field, "must include a time zone offset, e.g. Z or +01:00")
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{2}$", text):
        text += ":00"
    elif re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    if text.endswith("-00:00"):
        _fail(field, "must not use the offset -00:00")
    try:
        parsed = datetime.fromisoformat(text)
        parsed.astimezone(UTC)
    except ValueError:
        _fail(field, "is not a real date and time")
    except OverflowError:
        _fail(field, "is out of range: the year in UTC must be 1 to 9999")
    return parsed


def _statement_time(value: Any, field: str) -> datetime:
    when = timestamp_value(value, field)
    if not EARLIEST <= when < LATEST:
        _fail(
            field,
            f"must be between {EARLIEST.year} and {LATEST.year - 1} (in UTC)",
        )
    return when


def _language_map(value: Any, field: str) -> None:
    _object(value, field)
    for tag, text in value.items():
        if not LANGUAGE_TAG.fullmatch(tag):
            _fail(f"{field}.{tag}", "is not an RFC 5646 language tag")
        _string(text, f"{field}.{tag}")


def _extensions(value: Any, field: str) -> None:
    _object(value, field)
    for key in value:
        _iri(key, f"{field}.{key}")


def validate_agent(value: Any, field: str, *, group_allowed: bool = True) -> None:
    agent = _object(value, field)
    kind = agent.get("objectType", "Agent")
    if kind == "Group":
        if not group_allowed:
            _fail(f"{field}.objectType", "must be Agent here")
        _allowed(
            agent,
            field,
            {
                "objectType",
                "name",
                "member",
                "mbox",
                "mbox_sha1sum",
                "openid",
                "account",
            },
        )
        identifiers = _identifiers(agent, field, required=False)
        members = agent.get("member")
        if not identifiers and members is None:
            _fail(f"{field}.member", "an anonymous Group needs members")
        if members is not None:
            if not isinstance(members, list):
                _fail(f"{field}.member", "must be a list of Agents")
            for index, member in enumerate(members):
                validate_agent(member, f"{field}.member[{index}]", group_allowed=False)
        if "name" in agent:
            _string(agent["name"], f"{field}.name")
        return
    if kind != "Agent":
        _fail(f"{field}.objectType", "must be Agent or Group")
    _allowed(
        agent,
        field,
        {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"},
    )
    _identifiers(agent, field, required=True)
    if "name" in agent:
        _string(agent["name"], f"{field}.name")


def _identifiers(agent: dict, field: str, *, required: bool) -> int:
    present = [
        key for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in agent
    ]
    if len(present) > 1:
        names = ", ".join(present)
        _fail(
            field, f"has {len(present)} identifiers ({names}); exactly one is allowed"
        )
    if required and not present:
        _fail(
            field, "needs exactly one identifier: mbox, mbox_sha1sum, openid or account"
        )
    if "mbox" in agent and (
        not isinstance(agent["mbox"], str) or not MAILTO.fullmatch(agent["mbox"])
    ):
        _fail(f"{field}.mbox", "must be a mailto: IRI, e.g. mailto:someone@example.org")
    if "mbox_sha1sum" in agent and (
        not isinstance(agent["mbox_sha1sum"], str)
        or not SHA1.fullmatch(agent["mbox_sha1sum"])
    ):
        _fail(f"{field}.mbox_sha1sum", "must be 40 hexadecimal characters")
    if "openid" in agent:
        _iri(agent["openid"], f"{field}.openid")
    if "account" in agent:
        account = _object(agent["account"], f"{field}.account")
        _allowed(account, f"{field}.account", {"homePage", "name"})
        if "homePage" not in account or "name" not in account:
            _fail(f"{field}.account", "needs both homePage and name")
        _irl(account["homePage"], f"{field}.account.homePage")
        if not _string(account["name"], f"{field}.account.name"):
            _fail(f"{field}.account.name", "must not be empty")
    if present and len(agent_key(agent)) > AGENT_KEY_MAX:
        what = "homePage and name together are" if present[0] == "account" else "is"
        _fail(f"{field}.{present[0]}", f"{what} too long to store")
    return len(present)


def _verb(value: Any, field: str) -> None:
    verb = _object(value, field)
    _allowed(verb, field, {"id", "display"})
    if "id" not in verb:
        _fail(f"{field}.id", "is required")
    iri_value(verb["id"], f"{field}.id", VERB_ID_MAX)
    if "display" in verb:
        _language_map(verb["display"], f"{field}.display")


def _interaction_components(value: Any, field: str) -> None:
    if not isinstance(value, list):
        _fail(field, "must be a list of interaction components")
    seen: set[str] = set()
    for index, component in enumerate(value):
        where = f"{field}[{index}]"
        _object(component, where)
        _allowed(component, where, {"id", "description"})
        component_id = _string(component.get("id"), f"{where}.id")
        if not component_id or " " in component_id:
            _fail(f"{where}.id", "must be a non-empty id without spaces")
        if component_id in seen:
            _fail(f"{where}.id", "is repeated in this list")
        seen.add(component_id)
        if "description" in component:
            _language_map(component["description"], f"{where}.description")


def _definition(value: Any, field: str) -> None:
    definition = _object(value, field)
    _allowed(
        definition,
        field,
        {
            "name",
            "description",
            "type",
            "moreInfo",
            "extensions",
            "interactionType",
            "correctResponsesPattern",
            "choices",
            "scale",
            "source",
            "target",
            "steps",
        },
    )
    for key in ("name", "description"):
        if key in definition:
            _language_map(definition[key], f"{field}.{key}")
    if "type" in definition:
        iri_value(definition["type"], f"{field}.type", ACTIVITY_TYPE_MAX)
    if "moreInfo" in definition:
        _irl(definition["moreInfo"], f"{field}.moreInfo")
    if "extensions" in definition:
        _extensions(definition["extensions"], f"{field}.extensions")
    interaction = definition.get("interactionType")
    component_keys = {"choices", "scale", "source", "target", "steps"} & set(definition)
    if interaction is None:
        if "correctResponsesPattern" in definition or component_keys:
            _fail(f"{field}.interactionType", "is required with interaction properties")
        return
    if not isinstance(interaction, str) or interaction not in INTERACTION_TYPES:
        _fail(
            f"{field}.interactionType",
            f"must be one of {', '.join(sorted(INTERACTION_TYPES))}",
        )
    allowed_lists = COMPONENT_LISTS.get(interaction, set())
    for key in sorted(component_keys):
        if key not in allowed_lists:
            _fail(f"{field}.{key}", f"is not allowed for interactionType {interaction}")
        _interaction_components(definition[key], f"{field}.{key}")
    if "correctResponsesPattern" in definition:
        pattern = definition["correctResponsesPattern"]
        if not isinstance(pattern, list) or not all(
            isinstance(p, str) for p in pattern
        ):
            _fail(f"{field}.correctResponsesPattern", "must be a list of strings")


def _activity(value: dict, field: str) -> None:
    _allowed(value, field, {"objectType", "id", "definition"})
    if "id" not in value:
        _fail(f"{field}.id", "is required")
    iri_value(value["id"], f"{field}.id", ACTIVITY_ID_MAX)
    if "definition" in value:
        _definition(value["definition"], f"{field}.definition")


def _statement_object(value: Any, field: str, *, in_substatement: bool) -> str:
    target = _object(value, field)
    kind = target.get("objectType", "Activity")
    if kind == "Activity":
        _activity(target, field)
    elif kind in ("Agent", "Group"):
        validate_agent(target, field)
    elif kind == "StatementRef":
        _allowed(target, field, {"objectType", "id"})
        uuid_value(target.get("id"), f"{field}.id")
    elif kind == "SubStatement":
        if in_substatement:
            _fail(
                f"{field}.objectType",
                "a SubStatement cannot contain another SubStatement",
            )
        _substatement(target, field)
    else:
        _fail(
            f"{field}.objectType",
            "must be Activity, Agent, Group, StatementRef or SubStatement",
        )
    return kind


def _score(value: Any, field: str) -> None:
    score = _object(value, field)
    _allowed(score, field, {"scaled", "raw", "min", "max"})
    for key in score:
        if isinstance(score[key], bool) or not isinstance(score[key], int | float):
            _fail(f"{field}.{key}", "must be a number")
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        _fail(f"{field}.scaled", "must be between -1 and 1")
    if "min" in score and "max" in score and score["min"] >= score["max"]:
        _fail(f"{field}.max", "must be greater than min")
    if "raw" in score:
        if "min" in score and score["raw"] < score["min"]:
            _fail(f"{field}.raw", "must not be below min")
        if "max" in score and score["raw"] > score["max"]:
            _fail(f"{field}.raw", "must not be above max")


def _result(value: Any, field: str) -> None:
    result = _object(value, field)
    _allowed(
        result,
        field,
        {"score", "success", "completion", "response", "duration", "extensions"},
    )
    if "score" in result:
        _score(result["score"], f"{field}.score")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            _fail(f"{field}.{key}", "must be true or false")
    if "response" in result:
        _string(result["response"], f"{field}.response")
    if "duration" in result and (
        not isinstance(result["duration"], str)
        or not DURATION.fullmatch(result["duration"])
    ):
        _fail(f"{field}.duration", "must be an ISO 8601 duration, e.g. PT1M30S")
    if "extensions" in result:
        _extensions(result["extensions"], f"{field}.extensions")


def _context(value: Any, field: str, object_kind: str) -> None:
    context = _object(value, field)
    _allowed(
        context,
        field,
        {
            "registration",
            "instructor",
            "team",
            "contextActivities",
            "revision",
            "platform",
            "language",
            "statement",
            "extensions",
        },
    )
    if "registration" in context:
        uuid_value(context["registration"], f"{field}.registration")
    if "instructor" in context:
        validate_agent(context["instructor"], f"{field}.instructor")
    if "team" in context:
        team = _object(context["team"], f"{field}.team")
        if team.get("objectType") != "Group":
            _fail(f"{field}.team.objectType", "must be Group")
        validate_agent(team, f"{field}.team")
    if "contextActivities" in context:
        activities = _object(context["contextActivities"], f"{field}.contextActivities")
        _allowed(activities, f"{field}.contextActivities", CONTEXT_ACTIVITY_KEYS)
        for key, entries in activities.items():
            items = entries if isinstance(entries, list) else [entries]
            for index, entry in enumerate(items):
                where = f"{field}.contextActivities.{key}[{index}]"
                activity = _object(entry, where)
                if activity.get("objectType", "Activity") != "Activity":
                    _fail(f"{where}.objectType", "must be Activity")
                _activity(activity, where)
    for key in ("revision", "platform"):
        if key in context:
            _string(context[key], f"{field}.{key}")
            if object_kind != "Activity":
                _fail(
                    f"{field}.{key}", "is only allowed when the object is an Activity"
                )
    if "language" in context and (
        not isinstance(context["language"], str)
        or not LANGUAGE_TAG.fullmatch(context["language"])
    ):
        _fail(f"{field}.language", "must be an RFC 5646 language tag")
    if "statement" in context:
        ref = _object(context["statement"], f"{field}.statement")
        if ref.get("objectType") != "StatementRef":
            _fail(f"{field}.statement.objectType", "must be StatementRef")
        _allowed(ref, f"{field}.statement", {"objectType", "id"})
        uuid_value(ref.get("id"), f"{field}.statement.id")
    if "extensions" in context:
        _extensions(context["extensions"], f"{field}.extensions")


def _attachments(value: Any, field: str) -> None:
    if not isinstance(value, list):
        _fail(field, "must be a list")
    for index, attachment in enumerate(value):
        where = f"{field}[{index}]"
        _object(attachment, where)
        _allowed(
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
                _fail(f"{where}.{key}", "is required")
        _iri(attachment["usageType"], f"{where}.usageType")
        _language_map(attachment["display"], f"{where}.display")
        if "fileUrl" not in attachment:
            _fail(
                f"{where}.fileUrl",
                "is required: this LRS does not accept attachment parts",
            )
        _irl(attachment["fileUrl"], f"{where}.fileUrl")


def _core(statement: dict, field: str, *, in_substatement: bool) -> None:
    for key in ("actor", "verb", "object"):
        if key not in statement:
            _fail(f"{field}{key}", "is required")
    validate_agent(statement["actor"], f"{field}actor")
    _verb(statement["verb"], f"{field}verb")
    kind = _statement_object(
        statement["object"], f"{field}object", in_substatement=in_substatement
    )
    if "result" in statement:
        _result(statement["result"], f"{field}result")
    if "context" in statement:
        _context(statement["context"], f"{field}context", kind)
    if "timestamp" in statement:
        _statement_time(statement["timestamp"], f"{field}timestamp")
    if "attachments" in statement:
        _attachments(statement["attachments"], f"{field}attachments")


def _substatement(value: dict, field: str) -> None:
    _allowed(
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


def validate_statement(statement: Any) -> None:
    """Raise StatementInvalid for the first way `statement` breaks xAPI 1.0.3."""
    try:
        json_checked(statement)
    except JSONRefused as error:
        raise StatementInvalid(error.field, error.message) from None
    data = _object(statement, "")
    _allowed(
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
        _statement_time(data["stored"], "stored")
    if "authority" in data:
        validate_agent(data["authority"], "authority")
    if "version" in data:
        version = data["version"]
        if not isinstance(version, str) or not re.fullmatch(
            r"1\.0(\.\d+)?", version, re.ASCII
        ):
            _fail(
                "version", f"must be a 1.0.x version such as {SUPPORTED_VERSIONS[-1]}"
            )
    if data["verb"]["id"] == "http://adlnet.gov/expapi/verbs/voided" and (
        data["object"].get("objectType") != "StatementRef"
    ):
        _fail(
            "object.objectType", "a voiding statement's object must be a StatementRef"
        )
