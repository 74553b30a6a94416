"""What needs a training manager's attention, read for the admin home.

Overdue is the assignments' own rule (programmes/querysets.py), counted once
per person and summed into areas by the coverage rollup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from crystal_learning.programmes.models import Assignment

from .coverage import Counts, TeamRef, rollup


@dataclass(frozen=True)
class AreaOverdue:
    area: TeamRef | None  # None: teams that sit under no area
    people: int


def overdue_people_by_area(*, as_of: date) -> list[AreaOverdue]:
    """Active people with an overdue assignment, per area, most first
    (2 queries: the count per team, the team tree)."""
    per_team = (
        Assignment.objects.overdue(as_of)
        .filter(person__active=True)
        .values("person__team_id")
        .annotate(people=Count("person", distinct=True))
        .order_by()
    )
    # A person is in one team, so the people per team add up per area.
    counts = {row["person__team_id"]: Counts(overdue=row["people"]) for row in per_team}
    summed = rollup(programme=None, as_of=as_of, counts=counts)
    return sorted(
        (AreaOverdue(area=row.team, people=row.overdue) for row in summed.areas),
        key=lambda row: (-row.people, row.area.name if row.area else ""),
    )
