"""Reads from the learning record: Statements API queries and a person's progress."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q

from .agents import agent_key
from .json_limits import JSONRefused, json_checked, json_parsed
from .models import Statement, StatementActivity, StatementAgent
from .validation import (
    ACTIVITY_ID_MAX,
    VERB_ID_MAX,
    StatementInvalid,
    iri_value,
    timestamp_value,
    uuid_value,
    validate_agent,
)

MAX_LIMIT = 500
#: A cursor is a statement's seq: a bigint.
MAX_CURSOR = 2**63 - 1
BOOLEANS = ("related_activities", "related_agents", "attachments", "ascending")
FILTERS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
    "cursor",
}
SINGLE = {"statementId", "voidedStatementId"}
SINGLE_COMPANIONS = {"format", "attachments"}
FORMATS = {"exact", "ids", "canonical"}


@dataclass(frozen=True)
class StatementPage:
    statements: list[dict]
    more: str


def _bool(params: dict, name: str) -> bool:
    value = params.get(name, "false").lower()
    if value not in ("true", "false"):
        raise StatementInvalid(name, "must be true or false")
    return value == "true"


def parse_agent(text: str, field: str = "agent") -> str:
    try:
        agent = json_parsed(text, field)
        json_checked(agent, field)
    except JSONRefused as error:
        raise StatementInvalid(
            field, f"must be an Agent or Group as JSON: {error.message}"
        ) from None
    validate_agent(agent, field)
    key = agent_key(agent)
    if not key:
        raise StatementInvalid(
            field, "must be identified (mbox, mbox_sha1sum, openid or account)"
        )
    return key


def check_params(params: dict) -> None:
    unknown = sorted(set(params) - FILTERS - SINGLE)
    if unknown:
        raise StatementInvalid(
            unknown[0], "is not a parameter of the statements resource"
        )
    singles = SINGLE & set(params)
    if len(singles) > 1:
        raise StatementInvalid(
            "statementId", "use statementId or voidedStatementId, not both"
        )
    if singles and set(params) - singles - SINGLE_COMPANIONS:
        extra = sorted(set(params) - singles - SINGLE_COMPANIONS)[0]
        raise StatementInvalid(extra, f"cannot be used with {next(iter(singles))}")
    if params.get("format", "exact") not in FORMATS:
        raise StatementInvalid("format", "must be exact, ids or canonical")
    _check_values(params)


def _whole_number(params: dict, name: str, message: str, maximum: int) -> None:
    text = params[name]
    if not (text.isascii() and text.isdigit() and len(text) <= 20):
        raise StatementInvalid(name, message)
    if int(text) > maximum:
        raise StatementInvalid(name, message)


def _check_values(params: dict) -> None:
    """Every filter's value, before any reaches the database: 400 naming it."""
    for name in BOOLEANS:
        _bool(params, name)
    if "agent" in params:
        parse_agent(params["agent"])
    if "verb" in params:
        iri_value(params["verb"], "verb", VERB_ID_MAX)
    if "activity" in params:
        iri_value(params["activity"], "activity", ACTIVITY_ID_MAX)
    if "registration" in params:
        uuid_value(params["registration"], "registration")
    for name in ("since", "until"):
        if name in params:
            timestamp_value(params[name], name)
    if "limit" in params:
        _whole_number(params, "limit", "must be a whole number, 0 or more", 2**31)
    if "cursor" in params:
        _whole_number(params, "cursor", "is not a cursor this server gave", MAX_CURSOR)


def statement_get(
    *, statement_id: str, voided: bool, actor_key: str | None = None
) -> dict | None:
    """One statement by id; a voided one only when asked for by voidedStatementId."""
    uuid_value(statement_id, "voidedStatementId" if voided else "statementId")
    rows = Statement.objects.filter(statement_id=statement_id, voided=voided)
    if actor_key is not None:
        rows = rows.filter(actor_key=actor_key)
    row = rows.only("payload").first()
    return row.payload if row else None


def statements_query(
    *, params: dict, base_url: str, actor_key: str | None = None
) -> StatementPage:
    """The statements matching the filters, newest first, `limit` at a time."""
    statements = Statement.objects.filter(voided=False)
    if actor_key is not None:
        statements = statements.filter(actor_key=actor_key)
    if "agent" in params:
        key = parse_agent(params["agent"])
        if _bool(params, "related_agents"):
            statements = statements.filter(
                seq__in=StatementAgent.objects.filter(agent_key=key).values(
                    "statement_id"
                )
            )
        elif "activity" in params and not _bool(params, "related_activities"):
            # An agent as object means no activity: only the actor can match, and
            # the (actor, activity, seq) index answers it directly.
            statements = statements.filter(actor_key=key)
        else:
            statements = statements.filter(Q(actor_key=key) | Q(object_agent_key=key))
    if "verb" in params:
        statements = statements.filter(verb_id=params["verb"])
    if "activity" in params:
        if _bool(params, "related_activities"):
            statements = statements.filter(
                seq__in=StatementActivity.objects.filter(
                    activity_id=params["activity"]
                ).values("statement_id")
            )
        else:
            statements = statements.filter(activity_id=params["activity"])
    if "registration" in params:
        statements = statements.filter(
            registration=uuid_value(params["registration"], "registration")
        )
    if "since" in params:
        statements = statements.filter(
            stored__gt=timestamp_value(params["since"], "since")
        )
    if "until" in params:
        statements = statements.filter(
            stored__lte=timestamp_value(params["until"], "until")
        )
    ascending = _bool(params, "ascending")
    if "cursor" in params:
        try:
            cursor = int(params["cursor"])
        except ValueError:
            raise StatementInvalid(
                "cursor", "is not a cursor this server gave"
            ) from None
        statements = (
            statements.filter(seq__gt=cursor)
            if ascending
            else statements.filter(seq__lt=cursor)
        )
    try:
        limit = int(params.get("limit", "0"))
    except ValueError:
        raise StatementInvalid("limit", "must be a whole number") from None
    if limit < 0:
        raise StatementInvalid("limit", "must not be negative")
    limit = MAX_LIMIT if limit == 0 else min(limit, MAX_LIMIT)
    rows = list(
        statements.order_by("seq" if ascending else "-seq").values_list(
            "seq", "payload"
        )[: limit + 1]
    )
    more = ""
    if len(rows) > limit:
        rows = rows[:limit]
        following = {k: v for k, v in params.items() if k != "cursor"}
        following["cursor"] = str(rows[-1][0])
        more = f"{base_url}?{urlencode(following)}"
    shape = params.get("format", "exact")
    return StatementPage(statements=[formatted(p, shape) for _, p in rows], more=more)


def formatted(payload: dict, shape: str) -> dict:
    """format=ids keeps only identifiers of agents, activities and verbs."""
    if shape != "ids":
        return payload
    result = json.loads(json.dumps(payload))

    def strip_agent(agent: dict | None) -> None:
        if agent:
            agent.pop("name", None)
            for member in agent.get("member") or []:
                member.pop("name", None)

    def strip(part: dict) -> None:
        strip_agent(part.get("actor"))
        part.get("verb", {}).pop("display", None)
        target = part.get("object") or {}
        kind = target.get("objectType", "Activity")
        if kind == "Activity":
            target.pop("definition", None)
        elif kind in ("Agent", "Group"):
            strip_agent(target)
        elif kind == "SubStatement":
            strip(target)
        for entries in (
            (part.get("context") or {}).get("contextActivities") or {}
        ).values():
            for entry in entries if isinstance(entries, list) else [entries]:
                entry.pop("definition", None)

    strip(result)
    strip_agent(result.get("authority"))
    return result
