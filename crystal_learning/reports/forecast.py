"""The forecast: when 90% and 100% of a programme will be complete, from the
recent completion rate and the published plan (people booked on sessions)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef

from crystal_learning.programmes.models import Assignment, Programme
from crystal_learning.scheduling.models import Booking

if TYPE_CHECKING:
    from crystal_learning.people.models import Team

    from .coverage import Counts

#: Completions over this many days set the rate the forecast runs on.
RATE_WINDOW_DAYS = 28
#: The forecast looks no further ahead than this.
FORECAST_HORIZON_DAYS = 3 * 365


@dataclass
class Forecast:
    """When 90% and 100% will be complete at the recent rate plus the plan."""

    as_of: date
    rate_per_week: float
    planned: int
    target_90: date | None
    target_100: date | None
    reached_90: bool = False
    reached_100: bool = False


def planned_completions(
    *,
    programme: Programme,
    as_of: date,
    team_ids: frozenset[int] | None = None,
    area: Team | None = None,
) -> dict[date, int]:
    """People not yet complete with a booked session ahead, by session date (1
    query): the published plan.

    Driven from the programme's sessions ahead (few rows) with an EXISTS for
    the open assignment: a join through the person's assignments led SQLite
    to scan every open assignment of the programme first."""
    outstanding = Assignment.objects.outstanding().filter(
        programme=programme, person=OuterRef("person")
    )
    bookings = Booking.objects.upcoming(as_of).filter(
        Exists(outstanding),
        session__requirement__programme=programme,
        person__active=True,
    )
    if team_ids is not None:
        bookings = bookings.filter(person__team_id__in=team_ids)
    if area is not None:
        bookings = bookings.filter(person__team__path__startswith=area.path)
    rows = (
        bookings.values("session__date")
        .annotate(people=Count("person", distinct=True))
        .order_by("session__date")
    )
    return {row["session__date"]: row["people"] for row in rows}


def forecast(*, total: Counts, planned: dict[date, int], as_of: date) -> Forecast:
    """Project completions forward day by day.

    People booked on a session complete on its date (the published plan); the
    rest complete at the rate of the last RATE_WINDOW_DAYS days. A target the
    projection does not reach within FORECAST_HORIZON_DAYS has no date.
    """
    rate = total.recent / RATE_WINDOW_DAYS
    remaining = total.assigned - total.completed
    booked = min(remaining, sum(planned.values()))
    others = remaining - booked
    targets = {
        90: math.ceil(0.9 * total.assigned) if total.assigned else 0,
        100: total.assigned,
    }
    found: dict[int, date | None] = {
        key: (as_of if total.completed >= need and total.assigned else None)
        for key, need in targets.items()
    }
    done_by_plan = 0
    for offset in range(FORECAST_HORIZON_DAYS + 1):
        if all(found.values()) or not total.assigned:
            break
        day = as_of + timedelta(days=offset)
        done_by_plan = min(booked, done_by_plan + planned.get(day, 0))
        done = total.completed + done_by_plan + min(others, math.floor(rate * offset))
        for key, need in targets.items():
            if found[key] is None and done >= need:
                found[key] = day
    return Forecast(
        as_of=as_of,
        rate_per_week=round(rate * 7, 1),
        planned=booked,
        target_90=found[90],
        target_100=found[100],
        reached_90=bool(total.assigned) and total.completed >= targets[90],
        reached_100=bool(total.assigned) and total.completed >= targets[100],
    )
