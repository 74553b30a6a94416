"""The trend: completion by month, read from the daily coverage snapshots."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum

from crystal_learning.people.models import Team
from crystal_learning.programmes.models import Programme

from .models import CoverageSnapshot


@dataclass
class TrendPoint:
    month: date
    day: date
    assigned: int
    completed: int

    @property
    def percent(self) -> int | None:
        if not self.assigned:
            return None
        return math.floor(100 * self.completed / self.assigned)


def coverage_trend(
    *,
    programme: Programme,
    as_of: date,
    months: int = 12,
    area: Team | None = None,
    team_ids: frozenset[int] | None = None,
) -> list[TrendPoint]:
    """Completion by month: each month's last daily snapshot of the force, an
    area, or the sum of some teams (1 query)."""
    Level = CoverageSnapshot.Level
    first = (as_of.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    snapshots = CoverageSnapshot.objects.filter(
        programme=programme, date__gte=first, date__lte=as_of
    )
    if team_ids is not None:
        snapshots = snapshots.filter(level=Level.TEAM, team_id__in=team_ids)
    elif area is not None:
        snapshots = snapshots.filter(level=Level.AREA, team=area)
    else:
        snapshots = snapshots.filter(level=Level.FORCE)
    by_day = (
        snapshots.values("date")
        .annotate(assigned=Sum("assigned"), completed=Sum("completed"))
        .order_by("date")
    )
    last_of_month: dict[date, TrendPoint] = {}
    for row in by_day:
        month = row["date"].replace(day=1)
        last_of_month[month] = TrendPoint(
            month=month,
            day=row["date"],
            assigned=row["assigned"],
            completed=row["completed"],
        )
    return list(last_of_month.values())
