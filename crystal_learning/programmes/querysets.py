"""The rules about assignments that every app shares, written once.

"Current", "outstanding" and "overdue" are spelt out here and nowhere else
(docs/decisions/0011): the querysets filter with them, the `*_q` builders give
the same rule to aggregates (`Count(filter=...)`) and to queries through a
relation (`prefix="person__assignments__"`), and `is_overdue`/`days_overdue`
answer for one assignment already loaded.

- current: not ended;
- outstanding: current and not completed;
- overdue (as of a day): outstanding, due before that day, and its programme
  is active: a paused (inactive) programme is not overdue anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

if TYPE_CHECKING:
    from .models import Assignment

#: Collations that compare text code point by code point, as Python compares str.
BYTE_ORDER = {"postgresql": "C", "sqlite": "BINARY"}


def current_q(prefix: str = "") -> Q:
    """Not ended. `prefix` reaches assignments through a relation."""
    return Q(**{f"{prefix}ended_on__isnull": True})


def outstanding_q(prefix: str = "") -> Q:
    """Current and not completed."""
    return current_q(prefix) & Q(**{f"{prefix}completed_at__isnull": True})


def overdue_q(as_of: date, prefix: str = "", *, programme=None) -> Q:
    """Outstanding, due before `as_of`, in an active (not paused) programme.

    `programme`: the one programme the rows are already limited to (loaded);
    when it is active the last condition holds for every row, so it is not
    joined row by row (the national coverage count: 135,000 rows).
    """
    due = outstanding_q(prefix) & Q(**{f"{prefix}due_on__lt": as_of})
    if programme is not None and programme.active:
        return due
    return due & Q(**{f"{prefix}programme__active": True})


def overdue_from(*, due_on: date, programme_active: bool) -> date | None:
    """The first day an open assignment counts as overdue: the day after its
    due date; never while its programme is paused (for day-by-day history)."""
    return due_on + timedelta(days=1) if programme_active else None


def is_overdue(assignment: Assignment, as_of: date) -> bool:
    """overdue_q for one loaded assignment (reads its programme: load it)."""
    start = overdue_from(
        due_on=assignment.due_on, programme_active=assignment.programme.active
    )
    return (
        assignment.ended_on is None
        and assignment.completed_at is None
        and start is not None
        and as_of >= start
    )


def days_overdue(assignment: Assignment, as_of: date) -> int:
    """Days past the due date while overdue, else 0."""
    if not is_overdue(assignment, as_of):
        return 0
    return (as_of - assignment.due_on).days


class AssignmentQuerySet(models.QuerySet):
    current_q = staticmethod(current_q)
    outstanding_q = staticmethod(outstanding_q)
    overdue_q = staticmethod(overdue_q)

    def current(self) -> AssignmentQuerySet:
        return self.filter(current_q())

    def outstanding(self) -> AssignmentQuerySet:
        return self.filter(outstanding_q())

    def overdue(self, as_of: date) -> AssignmentQuerySet:
        return self.filter(overdue_q(as_of))

    def due_by(self, day: date) -> AssignmentQuerySet:
        """Due on or before `day` (overdue or due soon: reminders)."""
        return self.filter(due_on__lte=day)

    def for_teams(self, teams: Iterable) -> AssignmentQuerySet:
        """People now in these teams (ids, teams or a queryset of teams)."""
        return self.filter(person__team__in=teams)

    def by_urgency(self, as_of: date, *, met: Combinable) -> AssignmentQuerySet:
        """Most urgent first: not complete before complete, overdue longest
        first, then soonest due, fewest requirements `met` (an expression per
        person), name, id. `MemberRow.urgency` is this order in Python."""
        # Overdue longest first is earliest due among the overdue; everyone
        # else is 0 days overdue, a tie broken by the due date next.
        overdue_since = Case(
            When(overdue_q(as_of), then=F("due_on")),
            default=Value(as_of),
            output_field=models.DateField(),
        )
        name = F("person__display_name")
        if connections[self.db].vendor in BYTE_ORDER:  # as Python compares str
            name = Collate(name, BYTE_ORDER[connections[self.db].vendor])
        return self.alias(
            urgency_complete=Case(
                When(completed_at__isnull=False, then=Value(1)), default=Value(0)
            ),
            urgency_overdue=overdue_since,
            urgency_met=met,
        ).order_by(
            "urgency_complete",
            "urgency_overdue",
            "due_on",
            "urgency_met",
            name.asc(),
            "pk",
        )
