"""The learning record's one way in: every statement, from any source, goes
through `statements_record`, read top to bottom (docs/architecture.md):

1. check    every statement is valid, ids unique in the batch (all or nothing);
2. prepare  the LRS sets id, stored, authority and version;
3. store    in one transaction: known ids are a no-op, a replay or a conflict;
            new rows are written with the index of what they mention; voiding
            is checked and applied (voiding.py);
4. project  the progress projection folds the new statements (progress.py);
5. notify   `signals.progress_changed` with the pairs whose status or content
            version moved, for the apps that act on it (programmes);
6. forward  a delivery is queued for every enabled external LRS (forwarding/).

A signed-in learner's browser goes through `browser_statements_record`: the
same path with the browser's authority (its claims never complete anything),
then `signals.browser_statements_recorded` for the apps that judge what the
claims are worth (modules: watched time), in the same transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from crystal_learning.people.models import Person

from . import signals
from .agents import browser_authority, platform_authority
from .forwarding.outbox import deliveries_queue
from .models import LRSCredential, Statement
from .progress import progress_recompute, progress_update
from .projection import projects
from .store import (
    StatementConflict,
    StatementRow,
    milestone_reissue,
    milestone_replayed,
    statement_prepared,
    statement_rows,
    statement_same,
    statements_insert,
)
from .validation import StatementInvalid, validate_statement
from .voiding import StatementForbidden, voiding_apply, voiding_check

__all__ = [
    "Recorded",
    "StatementConflict",
    "StatementForbidden",
    "StatementInvalid",
    "browser_statements_record",
    "statement_record",
    "statements_record",
]


@dataclass(frozen=True)
class Recorded:
    ids: list[str]
    created: int


def statements_record(
    *,
    statements: list[dict],
    client: LRSCredential | None = None,
    authority: dict | None = None,
    keep_existing: bool = False,
) -> Recorded:
    """Validate and store statements, all or nothing (StatementInvalid,
    StatementConflict, StatementForbidden), then project, notify and forward.

    `keep_existing` is for the platform's own milestones (keyed ids): a replay
    with another timestamp keeps the first record instead of conflicting. If the
    id is held by anything but that same milestone, the milestone is recorded
    under a new random id: a clash never drops a platform statement.
    """
    # 1. check (no lock: only the writes below hold one)
    _check_batch(statements)
    # 2. prepare
    stored = timezone.now()
    authority = authority or (client.authority if client else platform_authority())
    prepared = [
        statement_prepared(s, stored=stored, authority=authority) for s in statements
    ]
    rows = statement_rows(prepared, client=client)
    with transaction.atomic():
        # 3. store
        new = _new_rows(statements, prepared, rows, keep_existing=keep_existing)
        if new:
            voiding_check(new, client=client)
            statements_insert(new)
            voided = voiding_apply(new)
            # 4. project
            changed = progress_update(
                rows=[r for r in new if r.person_id and projects(r.payload)]
            )
            if voided:
                changed |= progress_recompute(pairs=voided)
            # 5. notify
            if changed:
                signals.progress_changed.send(sender=Statement, pairs=changed)
            # 6. forward
            deliveries_queue(statement_seqs=[r.seq for r in new])
    return Recorded(ids=[p["id"] for p in prepared], created=len(new))


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


@transaction.atomic
def browser_statements_record(
    *, person: Person, statements: list[dict], authority: dict | None = None
) -> Recorded:
    """Record what a signed-in learner's browser sent (its actor already checked
    to be the learner), then let the apps judge what the claims are worth.
    A package launched in that browser passes `launch_authority()`: the same
    claims, told apart in the record."""
    recorded = statements_record(
        statements=statements, authority=authority or browser_authority()
    )
    signals.browser_statements_recorded.send(
        sender=Statement, person=person, statements=statements
    )
    return recorded


def _check_batch(statements: list) -> None:
    if not isinstance(statements, list) or not statements:
        raise StatementInvalid(
            "", "expected a statement or a non-empty list of statements"
        )
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


def _new_rows(
    originals: list[dict],
    prepared: list[dict],
    rows: list[StatementRow],
    *,
    keep_existing: bool,
) -> list[StatementRow]:
    """The rows to insert: an id already stored is the same statement again
    (nothing to do), a replayed milestone, or a conflict."""
    existing = {
        str(row.statement_id): row
        for row in Statement.objects.filter(
            statement_id__in=[p["id"] for p in prepared]
        ).only("statement_id", "payload")
    }
    new: list[StatementRow] = []
    for original, statement, row in zip(originals, prepared, rows, strict=True):
        found = existing.get(statement["id"])
        if found is None:
            new.append(row)
        elif keep_existing:
            if not milestone_replayed(found.payload, statement):
                milestone_reissue(row)
                new.append(row)
        elif not statement_same(found.payload, original, statement["id"]):
            raise StatementConflict(
                f"Statement {statement['id']} is already stored with different content."
            )
    return new
