"""Writes to the learning record: statements in, progress projected, deliveries queued.

`statements_record` is the only way a statement enters the store. It validates
every statement first (all or nothing), keeps ids unique (the same statement
again is a no-op, a different one under a known id is a conflict), applies
voiding, updates the progress projection and queues a delivery for every
enabled external LRS, all in one transaction.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone

from crystal_learning import audit
from crystal_learning.hooks import handlers
from crystal_learning.people.models import Person

from .agents import (
    RESERVED_KEYS,
    agent_key,
    platform_authority,
    staff_number_of,
)
from .models import (
    Delivery,
    LRSCredential,
    LRSEndpoint,
    Progress,
    Statement,
    StatementActivity,
    StatementAgent,
)
from .projection import FIELDS, ProgressState, progress_apply, projects
from .validation import StatementInvalid, timestamp_value, validate_statement
from .vocabulary import XAPI_VERSION, Verb

logger = logging.getLogger(__name__)

#: Set by the LRS; ignored when comparing a re-sent statement with the stored one.
LRS_SET = ("stored", "authority", "version")


class StatementConflict(Exception):
    """A statement id already stored with different content (HTTP 409)."""


class StatementForbidden(Exception):
    """The client may not do this (HTTP 403), e.g. void a platform milestone."""


@dataclass(frozen=True)
class Recorded:
    ids: list[str]
    created: int


def _canonical(statement: dict) -> str:
    trimmed = {k: v for k, v in statement.items() if k not in LRS_SET}
    return json.dumps(trimmed, sort_keys=True, separators=(",", ":"))


def _same(stored: dict, original: dict, statement_id: str) -> bool:
    """Whether a re-sent statement matches the stored one (LRS-set values aside)."""
    stored = dict(stored)
    if "timestamp" not in original:
        stored.pop("timestamp", None)
    return _canonical(stored) == _canonical({**original, "id": statement_id})


def _prepared(statement: dict, *, stored: datetime, authority: dict) -> dict:
    prepared = dict(statement)  # only top-level keys are set below
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


def _row(
    prepared: dict, *, client: LRSCredential | None, people: dict[str, int]
) -> Statement:
    target = prepared["object"]
    kind = target.get("objectType", "Activity")
    number = staff_number_of(prepared["actor"])
    return Statement(
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
        stored=timestamp_value(prepared["stored"], "stored"),
        client=client,
        payload=prepared,
    )


def _check_batch(statements: list) -> None:
    seen: dict[str, int] = {}
    for index, statement in enumerate(statements):
        prefix = f"statements[{index}]" if len(statements) > 1 else ""
        try:
            validate_statement(statement)
        except StatementInvalid as error:
            field = (
                f"{prefix}.{error.field}"
                if prefix and error.field
                else prefix or error.field
            )
            raise StatementInvalid(field, error.message) from None
        if "id" in statement:
            key = str(uuid.UUID(statement["id"]))
            if key in seen:
                raise StatementInvalid(
                    f"statements[{index}].id",
                    f"repeats the id of statements[{seen[key]}]; ids must be unique",
                )
            seen[key] = index


def statements_record(
    *,
    statements: list[dict],
    client: LRSCredential | None = None,
    authority: dict | None = None,
    keep_existing: bool = False,
) -> Recorded:
    """Validate and store statements, all or nothing (StatementInvalid, Conflict).

    `keep_existing` is for the platform's own milestones (keyed ids): a replay
    with another timestamp keeps the first record instead of conflicting. If the
    id is held by anything but that same milestone, the milestone is recorded
    under a new random id: a clash never drops a platform statement.
    """
    if not isinstance(statements, list) or not statements:
        raise StatementInvalid(
            "", "expected a statement or a non-empty list of statements"
        )
    # Validation and preparation need no lock: only the writes below hold one.
    _check_batch(statements)
    stored = timezone.now()
    authority = authority or (client.authority if client else platform_authority())
    prepared = [_prepared(s, stored=stored, authority=authority) for s in statements]
    rows = _rows(prepared, client=client)
    with transaction.atomic():
        existing = {
            str(row.statement_id): row
            for row in Statement.objects.filter(
                statement_id__in=[p["id"] for p in prepared]
            ).only("statement_id", "payload")
        }
        new: list[Statement] = []
        for original, statement, row in zip(statements, prepared, rows, strict=True):
            found = existing.get(statement["id"])
            if found is None:
                new.append(row)
            elif keep_existing:
                if not _replay(found.payload, statement):
                    _reissue(row)
                    new.append(row)
            elif not _same(found.payload, original, statement["id"]):
                raise StatementConflict(
                    f"Statement {statement['id']} is already stored with different "
                    "content."
                )
        if new:
            _insert(new, client=client)
    return Recorded(ids=[p["id"] for p in prepared], created=len(new))


def _replay(stored: dict, statement: dict) -> bool:
    """Whether the stored statement is this same milestone, recorded before by
    the same authority (not a statement someone else put under its id)."""
    return (
        agent_key(stored.get("authority")) == agent_key(statement["authority"])
        and agent_key(stored.get("actor")) == agent_key(statement["actor"])
        and (stored.get("verb") or {}).get("id") == statement["verb"]["id"]
        and (stored.get("object") or {}).get("id") == statement["object"].get("id")
    )


def _reissue(row: Statement) -> None:
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


def statement_record(
    *,
    statement: dict,
    client: LRSCredential | None = None,
    authority: dict | None = None,
) -> str:
    """Record one statement; returns its id."""
    return statements_record(
        statements=[statement], client=client, authority=authority
    ).ids[0]


def _rows(prepared: list[dict], *, client: LRSCredential | None) -> list[Statement]:
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
    rows = [_row(s, client=client, people=people) for s in prepared]
    for row in rows:
        row.mentions = _mentioned(row.payload)
    return rows


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


def _executemany(model, field_names: tuple[str, ...], values: list[tuple]) -> None:
    """A plain multi-row INSERT: the ORM's per-object work costs more than the insert.

    Values are prepared by each field's own get_db_prep_save, so the database sees
    exactly what bulk_create would send.
    """
    if not values:
        return
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from _meta, quoted
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row, strict=True)
        ]
        for row in values
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _insert(rows: list[Statement], *, client: LRSCredential | None) -> None:
    _check_voiding(rows, client=client)
    try:
        with transaction.atomic():
            _executemany(
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
    _executemany(
        StatementActivity,
        ("statement", "activity_id"),
        [(row.seq, activity) for row in rows for activity in row.mentions[0]],
    )
    _executemany(
        StatementAgent,
        ("statement", "agent_key"),
        [(row.seq, agent) for row in rows for agent in row.mentions[1]],
    )
    voided_pairs = _apply_voiding(rows)
    projected = [r for r in rows if r.person_id and projects(r.payload)]
    progress_update(rows=projected)
    if voided_pairs:
        progress_recompute(pairs=voided_pairs)
    changed = {(r.person_id, r.activity_id) for r in projected} | set(voided_pairs)
    if changed:
        for handler in handlers("CRYSTAL_XAPI_PROGRESS_HANDLERS"):
            handler(pairs=changed)
    endpoints = list(
        LRSEndpoint.objects.filter(enabled=True).values_list("pk", flat=True)
    )
    if endpoints:
        Delivery.objects.bulk_create(
            [
                Delivery(statement_id=r.seq, endpoint_id=e)
                for r in rows
                for e in endpoints
            ],
            batch_size=1000,
        )


def _check_voiding(rows: list[Statement], *, client: LRSCredential | None) -> None:
    targets = [r.object_statement_id for r in rows if r.verb_id == Verb.VOIDED]
    if not targets:
        return
    _check_platform_voiding(targets, client=client)
    voiders = set(
        Statement.objects.filter(
            statement_id__in=targets, verb_id=Verb.VOIDED
        ).values_list("statement_id", flat=True)
    )
    voiders |= {r.statement_id for r in rows if r.verb_id == Verb.VOIDED}
    for index, row in enumerate(rows):
        if row.verb_id == Verb.VOIDED and uuid.UUID(str(row.object_statement_id)) in {
            uuid.UUID(str(v)) for v in voiders
        }:
            raise StatementInvalid(
                f"statements[{index}].object.id" if len(rows) > 1 else "object.id",
                "is a voiding statement, and voiding statements cannot be voided",
            )


def _check_platform_voiding(targets: list, *, client: LRSCredential | None) -> None:
    """Voiding what the platform itself recorded (a completion, a pass, a
    certificate) takes the explicit void-platform scope, and is audited."""
    if client is None:
        return
    platform = [
        str(statement_id)
        for statement_id in Statement.objects.filter(statement_id__in=targets)
        .recorded_by_platform()
        .values_list("statement_id", flat=True)
    ]
    if not platform:
        return
    if LRSCredential.Scope.VOID_PLATFORM not in client.scopes:
        raise StatementForbidden(
            f"Statement {platform[0]} was recorded by the platform; voiding it needs "
            f"the {LRSCredential.Scope.VOID_PLATFORM} scope."
        )
    audit.audit(
        client,
        audit.VOID_PLATFORM,
        title=client.name,
        statements=sorted(platform),
    )
    logger.warning("%s voided platform statements %s", client.name, platform)


def _apply_voiding(rows: list[Statement]) -> set[tuple[int, str]]:
    targets = [r.object_statement_id for r in rows if r.verb_id == Verb.VOIDED]
    if not targets:
        return set()
    voided = Statement.objects.filter(statement_id__in=targets, voided=False)
    pairs = {
        (s.person_id, s.activity_id) for s in voided if s.person_id and s.activity_id
    }
    voided.update(voided=True)
    return pairs


def progress_update(*, rows: Iterable[Statement]) -> None:
    """Fold new statements into the projection: one read and one write per table."""
    rows = list(rows)
    if not rows:
        return
    pairs = {(r.person_id, r.activity_id) for r in rows}
    existing = Progress.objects.filter(
        person_id__in={p for p, _ in pairs}, activity_id__in={a for _, a in pairs}
    ).values_list("person_id", "activity_id", *FIELDS)
    states = {
        (person, activity): ProgressState(*values)
        for person, activity, *values in existing
        if (person, activity) in pairs
    }
    for row in rows:
        pair = (row.person_id, row.activity_id)
        states[pair] = progress_apply(
            states.get(pair) or ProgressState(), row.payload, row.timestamp
        )
    # One INSERT ... ON CONFLICT DO UPDATE for new and changed records alike.
    Progress.objects.bulk_create(
        [
            Progress(person_id=p, activity_id=a, **state.values())
            for (p, a), state in states.items()
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["person", "activity_id"],
        update_fields=list(ProgressState().values()),
    )


def progress_recompute(*, pairs: set[tuple[int, str]]) -> None:
    """Recompute person x activity records from the store (after voiding)."""
    for person_id, activity_id in pairs:
        state = ProgressState()
        statements = (
            Statement.objects.filter(
                person_id=person_id, activity_id=activity_id, voided=False
            )
            .exclude(verb_id=Verb.VOIDED)
            .order_by("seq")
        )
        seen = False
        for statement in statements.iterator():
            if projects(statement.payload):
                state = progress_apply(state, statement.payload, statement.timestamp)
                seen = True
        if seen:
            Progress.objects.update_or_create(
                person_id=person_id, activity_id=activity_id, defaults=state.values()
            )
        else:
            Progress.objects.filter(
                person_id=person_id, activity_id=activity_id
            ).delete()


@transaction.atomic
def milestones_restore() -> dict[str, int]:
    """Record the platform statements that the apps' own records (a module
    watched to the end, a marked attempt, a completed assignment) show were
    earned but the store lacks, e.g. dropped because their id was taken."""
    return {
        f"{handler.__module__}.{handler.__name__}": handler()
        for handler in handlers("CRYSTAL_XAPI_RESTORE_HANDLERS")
    }


@transaction.atomic
def progress_rebuild(*, chunk_size: int = 5000) -> int:
    """Drop the projection and fold every live statement again, in stored order."""
    Progress.objects.all().delete()
    states: dict[tuple[int, str], ProgressState] = {}
    statements = (
        Statement.objects.filter(
            voided=False, person__isnull=False, object_type="Activity"
        )
        .exclude(verb_id=Verb.VOIDED)
        .order_by("seq")
        .values_list("person_id", "activity_id", "timestamp", "payload")
    )
    for person_id, activity_id, when, payload in statements.iterator(
        chunk_size=chunk_size
    ):
        if projects(payload):
            pair = (person_id, activity_id)
            states[pair] = progress_apply(
                states.get(pair) or ProgressState(), payload, when
            )
    Progress.objects.bulk_create(
        [
            Progress(person_id=p, activity_id=a, **s.values())
            for (p, a), s in states.items()
        ],
        batch_size=1000,
    )
    return len(states)


def credential_create(
    *, name: str, secret: str, scopes: list[str], key: str = ""
) -> LRSCredential:
    """Create or replace an API client's credential (secret stored hashed)."""
    valid = set(LRSCredential.Scope.values)
    unknown = [s for s in scopes if s not in valid]
    if unknown or not scopes:
        raise ValueError(
            f"Unknown scope(s) {', '.join(unknown) or '(none)'}; "
            f"use {', '.join(sorted(valid))}."
        )
    if len(secret) < 12:
        raise ValueError("The secret must be at least 12 characters.")
    if (key or name) in RESERVED_KEYS:
        raise ValueError(f"'{key or name}' is the platform's own name; use another.")
    credential = LRSCredential.objects.filter(name=name).first() or LRSCredential(
        name=name
    )
    credential.key = key or credential.key or name
    credential.scopes = scopes
    credential.set_secret(secret)
    credential.active = True
    credential.save()
    return credential
