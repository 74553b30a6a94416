"""Reads from the learning record: Statements API queries and a person's progress."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from .agents import agent_key
from .definitions import canonical_definitions
from .formats import activity_ids, statement_formatted
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
#: Statements targeting the matches that a GET lists by seq (see _with_targeting).
TARGETING_LISTED = 1000
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


def _matching(params: dict) -> Q:
    """The filters on what a statement is about (not time or paging), as one
    condition; empty (falsy) when there are none."""
    condition = Q()
    if "agent" in params:
        key = parse_agent(params["agent"])
        if _bool(params, "related_agents"):
            condition &= Q(
                seq__in=StatementAgent.objects.filter(agent_key=key).values(
                    "statement_id"
                )
            )
        elif "activity" in params and not _bool(params, "related_activities"):
            # An agent as object means no activity: only the actor can match, and
            # the (actor, activity, seq) index answers it directly.
            condition &= Q(actor_key=key)
        else:
            condition &= Q(actor_key=key) | Q(object_agent_key=key)
    if "verb" in params:
        condition &= Q(verb_id=params["verb"])
    if "activity" in params:
        if _bool(params, "related_activities"):
            condition &= Q(
                seq__in=StatementActivity.objects.filter(
                    activity_id=params["activity"]
                ).values("statement_id")
            )
        else:
            condition &= Q(activity_id=params["activity"])
    if "registration" in params:
        condition &= Q(registration=uuid_value(params["registration"], "registration"))
    return condition


def _targeting_sql(condition: Q) -> tuple[str, tuple]:
    """The seqs of statements whose StatementRef object targets, at any depth, a
    statement meeting `condition`, voided or not (Communication 2.1.3, "Filter
    Conditions for StatementRefs"), as SQL and its parameters."""
    seed = Statement.objects.filter(
        object_statement_id__in=Statement.objects.filter(condition).values(
            "statement_id"
        )
    ).values("seq", "statement_id")
    sql, params = seed.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(Statement._meta.db_table)
    seq, statement_id = quote("seq"), quote("statement_id")
    return (
        f"WITH RECURSIVE targeting(seq, statement_id) AS ({sql} UNION "  # noqa: S608
        f"SELECT s.{seq}, s.{statement_id} FROM {table} s JOIN targeting t "
        f"ON s.{quote('object_statement_id')} = t.statement_id) "
        "SELECT seq FROM targeting",
        tuple(params),
    )


def _with_targeting(condition: Q) -> Q:
    """`condition`, or targeting (by StatementRef) a statement that meets it.

    The targeting seqs are read first, and are usually none: OR-ed with their
    subquery, the condition could use no index and the newest-first page read the
    whole store (100 ms at 100,000 statements, issue 21). Past TARGETING_LISTED
    of them they stay a subquery."""
    sql, params = _targeting_sql(condition)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", (*params, TARGETING_LISTED + 1))
        seqs = [seq for (seq,) in cursor.fetchall()]
    if not seqs:
        return condition
    if len(seqs) <= TARGETING_LISTED:
        return condition | Q(seq__in=seqs)
    return condition | Q(seq__in=RawSQL(sql, params))  # noqa: S611 - values bound


def statements_query(
    *, params: dict, base_url: str, actor_key: str | None = None, languages: str = ""
) -> StatementPage:
    """The statements matching the filters, newest first, `limit` at a time;
    `languages` is the Accept-Language that format=canonical follows."""
    statements = Statement.objects.filter(voided=False)
    if actor_key is not None:
        statements = statements.filter(actor_key=actor_key)
    condition = _matching(params)
    if condition:
        # A statement also matches when the statement it targets does.
        statements = statements.filter(_with_targeting(condition))
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
    statements = statements_formatted(
        [p for _, p in rows],
        params.get("format", "exact"),
        languages,
        answer_key=actor_key is None,
    )
    return StatementPage(statements=statements, more=more)


def statements_formatted(
    payloads: list[dict], shape: str, languages: str = "", *, answer_key: bool = True
) -> list[dict]:
    """The statements as `format` asks (formats.py); `languages`: Accept-Language.
    For canonical, every activity's definition is read once for all of them;
    without `answer_key` (a learner's browser) they lose the correct responses."""
    definitions = {}
    if shape == "canonical":
        ids = set().union(*(activity_ids(p) for p in payloads))
        definitions = canonical_definitions(ids, answer_key=answer_key)
    return [statement_formatted(p, shape, languages, definitions) for p in payloads]
