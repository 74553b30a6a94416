"""Writes to the progress projection (Progress rows) from stored statements.

The fold itself is `projection.progress_apply`, shared by the live path and
the rebuild, so the two cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from .bulk import rows_insert
from .models import Progress, Statement
from .projection import FIELDS, ProgressState, progress_apply, projects
from .vocabulary import Verb

if TYPE_CHECKING:
    from .store import StatementRow

#: What a requirement reads: a change in either can meet or unmeet it.
MEANINGFUL = ("status", "content_version")

Pair = tuple[int, str]


def _meaningful(state: ProgressState | None) -> tuple:
    if state is None:
        return (Progress.Status.NOT_STARTED, "")
    return tuple(getattr(state, name) for name in MEANINGFUL)


def progress_update(*, rows: Iterable[StatementRow]) -> set[Pair]:
    """Fold new statements into the projection (one read and one write), and
    return the pairs whose status or content version changed."""
    rows = list(rows)
    if not rows:
        return set()
    pairs = {(r.person_id, r.activity_id) for r in rows}
    # Exactly these pairs (not every person x every activity of the batch).
    people_by_activity: dict[str, set[int]] = defaultdict(set)
    for person, activity in pairs:
        people_by_activity[activity].add(person)
    wanted = Q()
    for activity, people in people_by_activity.items():
        wanted |= Q(activity_id=activity, person_id__in=people)
    existing = Progress.objects.filter(wanted).values_list(
        "person_id", "activity_id", *FIELDS
    )
    states = {
        (person, activity): ProgressState(*values)
        for person, activity, *values in existing
    }
    before = {pair: _meaningful(state) for pair, state in states.items()}
    for row in rows:
        pair = (row.person_id, row.activity_id)
        states[pair] = progress_apply(
            states.get(pair) or ProgressState(), row.payload, row.timestamp
        )
    # One INSERT ... ON CONFLICT DO UPDATE for new and changed records alike.
    rows_insert(
        Progress,
        ("person", "activity_id", *FIELDS),
        [
            (person, activity, *(getattr(state, name) for name in FIELDS))
            for (person, activity), state in states.items()
        ],
        conflict=("person", "activity_id"),
        update=FIELDS,
    )
    return {
        pair
        for pair, state in states.items()
        if _meaningful(state) != before.get(pair, _meaningful(None))
    }


def progress_recompute(*, pairs: set[Pair]) -> set[Pair]:
    """Recompute person x activity records from the store (after voiding), and
    return the pairs whose status or content version changed."""
    changed: set[Pair] = set()
    for person_id, activity_id in pairs:
        record = Progress.objects.filter(
            person_id=person_id, activity_id=activity_id
        ).first()
        before = _meaningful(ProgressState.of(record) if record else None)
        state, seen = ProgressState(), False
        statements = (
            Statement.objects.filter(
                person_id=person_id, activity_id=activity_id, voided=False
            )
            .exclude(verb_id=Verb.VOIDED)
            .order_by("seq")
        )
        for statement in statements.iterator():
            if projects(statement.payload):
                state = progress_apply(state, statement.payload, statement.timestamp)
                seen = True
        if seen:
            Progress.objects.update_or_create(
                person_id=person_id, activity_id=activity_id, defaults=state.values()
            )
        elif record is not None:
            record.delete()
        if _meaningful(state if seen else None) != before:
            changed.add((person_id, activity_id))
    return changed


@transaction.atomic
def progress_rebuild(*, chunk_size: int = 5000) -> int:
    """Drop the projection and fold every live statement again, in stored order."""
    Progress.objects.all().delete()
    states: dict[Pair, ProgressState] = {}
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
