"""Storing statements: rows prepared from validated statements, written with
plain multi-row INSERTs, with the index of every activity and agent they
mention. The pipeline (pipeline.py) calls these in order; nothing else writes
Statement rows.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction

from crystal_learning.people.models import Person

from .agents import agent_key, staff_number_of
from .bulk import rows_insert
from .formats import context_activities_listed
from .models import LRSCredential, Statement, StatementActivity, StatementAgent
from .validation import timestamp_value
from .vocabulary import XAPI_VERSION

logger = logging.getLogger(__name__)

#: Set by the LRS; ignored when comparing a re-sent statement with the stored one.
LRS_SET = ("stored", "authority", "version")


class StatementConflict(Exception):
    """A statement id already stored with different content (HTTP 409)."""


def _canonical(statement: dict) -> str:
    trimmed = {k: v for k, v in statement.items() if k not in LRS_SET}
    return json.dumps(trimmed, sort_keys=True, separators=(",", ":"))


def statement_same(stored: dict, original: dict, statement_id: str) -> bool:
    """Whether a re-sent statement matches the stored one (LRS-set values aside)."""
    stored = dict(context_activities_listed(stored))
    if "timestamp" not in original:
        stored.pop("timestamp", None)
    sent = context_activities_listed({**original, "id": statement_id})
    return _canonical(stored) == _canonical(sent)


def statement_prepared(statement: dict, *, stored: datetime, authority: dict) -> dict:
    # Single context activities are kept as lists of one, as they are returned.
    prepared = dict(context_activities_listed(statement))  # top-level keys set below
    prepared["id"] = (
        str(uuid.UUID(prepared["id"])) if "id" in prepared else str(uuid.uuid4())
    )
    prepared.setdefault("timestamp", stored.isoformat())
    prepared["stored"] = stored.isoformat()
    prepared["authority"] = authority
    prepared["version"] = prepared.get("version") or XAPI_VERSION
    return prepared


def _mentioned(statement: dict) -> tuple[set[str], set[str]]:
    """Every activity id and agent key a statement mentions (for related_* queries)."""
    activities: set[str] = set()
    agents: set[str] = set()

    def agent(value: dict | None) -> None:
        if not value:
            return
        if key := agent_key(value):
            agents.add(key)
        for member in value.get("member") or []:
            agents.add(agent_key(member))

    def walk(part: dict) -> None:
        agent(part.get("actor"))
        target = part.get("object") or {}
        kind = target.get("objectType", "Activity")
        if kind == "Activity":
            activities.add(target["id"])
        elif kind in ("Agent", "Group"):
            agent(target)
        elif kind == "SubStatement":
            walk(target)
        context = part.get("context") or {}
        agent(context.get("instructor"))
        agent(context.get("team"))
        for entries in (context.get("contextActivities") or {}).values():
            for entry in entries if isinstance(entries, list) else [entries]:
                activities.add(entry["id"])

    walk(statement)
    agent(statement.get("authority"))
    agents.discard("")
    return activities, agents


@dataclass(slots=True)
class StatementRow:
    """A statement's row on its way into the store: the Statement columns, with
    what it mentions and, once written, its seq (cheaper than a model instance)."""

    statement_id: str
    actor_key: str
    person_id: int | None
    verb_id: str
    object_type: str
    activity_id: str
    object_agent_key: str
    object_statement_id: str | None
    registration: str | None
    timestamp: datetime
    stored: datetime
    client_id: int | None
    payload: dict
    mentions: tuple[set[str], set[str]] = field(default_factory=lambda: (set(), set()))
    seq: int | None = None


def _row(
    prepared: dict,
    *,
    client: LRSCredential | None,
    people: dict[str, int],
    stored: datetime,
) -> StatementRow:
    target = prepared["object"]
    kind = target.get("objectType", "Activity")
    number = staff_number_of(prepared["actor"])
    return StatementRow(
        statement_id=prepared["id"],
        actor_key=agent_key(prepared["actor"]),
        person_id=people.get(number) if number else None,
        verb_id=prepared["verb"]["id"],
        object_type=kind,
        activity_id=target["id"] if kind == "Activity" else "",
        object_agent_key=agent_key(target) if kind in ("Agent", "Group") else "",
        object_statement_id=target["id"] if kind == "StatementRef" else None,
        registration=(prepared.get("context") or {}).get("registration"),
        timestamp=timestamp_value(prepared["timestamp"], "timestamp"),
        stored=stored,
        client_id=client.pk if client else None,
        payload=prepared,
        mentions=_mentioned(prepared),
    )


def statement_rows(
    prepared: list[dict], *, client: LRSCredential | None
) -> list[StatementRow]:
    numbers = {n for s in prepared if (n := staff_number_of(s["actor"]))}
    people = (
        dict(
            Person.objects.filter(staff_number__in=numbers).values_list(
                "staff_number", "pk"
            )
        )
        if numbers
        else {}
    )
    # One batch, one stored time (statement_prepared set it): parsed once.
    stored = {s["stored"] for s in prepared}
    parsed = {text: timestamp_value(text, "stored") for text in stored}
    return [
        _row(s, client=client, people=people, stored=parsed[s["stored"]])
        for s in prepared
    ]


def milestone_replayed(stored: dict, statement: dict) -> bool:
    """Whether the stored statement is this same milestone, recorded before by
    the same authority (not a statement someone else put under its id)."""
    return (
        agent_key(stored.get("authority")) == agent_key(statement["authority"])
        and agent_key(stored.get("actor")) == agent_key(statement["actor"])
        and (stored.get("verb") or {}).get("id") == statement["verb"]["id"]
        and (stored.get("object") or {}).get("id") == statement["object"].get("id")
    )


def milestone_reissue(row: StatementRow) -> None:
    """Give a milestone whose id is taken by another statement a new random id."""
    taken = row.statement_id
    row.statement_id = row.payload["id"] = str(uuid.uuid4())
    logger.warning(
        "Statement id %s was taken by another statement; recorded %s %s as %s",
        taken,
        row.verb_id,
        row.activity_id,
        row.statement_id,
    )


STATEMENT_COLUMNS = (
    "statement_id",
    "actor_key",
    "person",
    "verb_id",
    "object_type",
    "activity_id",
    "object_agent_key",
    "object_statement_id",
    "registration",
    "timestamp",
    "stored",
    "voided",
    "client",
    "payload",
)


def statements_insert(rows: list[StatementRow]) -> None:
    """Write the rows and the index of what they mention; sets each row's seq."""
    try:
        with transaction.atomic():
            rows_insert(
                Statement,
                STATEMENT_COLUMNS,
                [
                    (
                        r.statement_id,
                        r.actor_key,
                        r.person_id,
                        r.verb_id,
                        r.object_type,
                        r.activity_id,
                        r.object_agent_key,
                        r.object_statement_id,
                        r.registration,
                        r.timestamp,
                        r.stored,
                        False,
                        r.client_id,
                        r.payload,
                    )
                    for r in rows
                ],
            )
    except IntegrityError as error:
        raise StatementConflict(
            "A statement with one of these ids was stored at the same time; send again."
        ) from error
    new_seqs = Statement.objects.filter(
        statement_id__in=[r.statement_id for r in rows]
    ).values_list("statement_id", "seq")
    seq_of = {str(statement_id): seq for statement_id, seq in new_seqs}
    for row in rows:
        row.seq = seq_of[str(row.statement_id)]
    rows_insert(
        StatementActivity,
        ("statement", "activity_id"),
        [(row.seq, activity) for row in rows for activity in row.mentions[0]],
    )
    rows_insert(
        StatementAgent,
        ("statement", "agent_key"),
        [(row.seq, agent) for row in rows for agent in row.mentions[1]],
    )
