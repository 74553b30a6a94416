"""The monthly performance review: coverage at a month's end by area and team,
and the completions in the month (live this month, from snapshots before)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crystal_learning.programmes.models import Assignment, Programme
from crystal_learning.victim_care.selectors import Figures, TeamFigures, team_figures

from .coverage import (
    Counts,
    Coverage,
    TeamRow,
    current_assignments,
    programme_coverage,
    rollup,
)
from .forecast import Forecast, forecast, planned_completions
from .models import CoverageSnapshot


@dataclass
class Review:
    """The monthly performance review: coverage at the month's end by area and
    team, and completions in the month."""

    programme: Programme
    month: date
    basis: str
    total: Counts
    areas: list[TeamRow]
    teams_by_area: dict[int | None, list[TeamRow]]
    completed_in_month: dict[int, int]
    area_completed_in_month: dict[int | None, int]
    completed_in_month_total: int
    forecast: Forecast | None = None
    #: Victim care compliance in the month, team by team, and the force's.
    victim_care: list[TeamFigures] = field(default_factory=list)
    victim_care_total: Figures = field(default_factory=Figures)


class NoSnapshots(Exception):
    """No snapshot covers the month asked for."""


def _month_end(month: date) -> date:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _snapshot_counts(programme: Programme, day: date) -> dict[int, Counts]:
    return {
        row.pop("team_id"): Counts(**row)
        for row in CoverageSnapshot.objects.filter(
            programme=programme, date=day, level=CoverageSnapshot.Level.TEAM
        ).values("team_id", "assigned", "completed", "in_progress", "booked", "overdue")
    }


def _last_snapshot_day(programme: Programme, month: date) -> date | None:
    return (
        CoverageSnapshot.objects.filter(
            programme=programme, date__gte=month, date__lte=_month_end(month)
        )
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


class _MonthFigures(NamedTuple):
    coverage: Coverage
    in_month: dict[int, int]
    basis: str
    outlook: Forecast | None


def _live_figures(programme: Programme, month: date, today: date) -> _MonthFigures:
    """This month: live coverage, completions since the 1st, and the forecast."""
    coverage = programme_coverage(programme=programme, as_of=today)
    since = timezone.make_aware(datetime.combine(month, datetime.min.time()))
    in_month = dict(
        current_assignments(programme)
        .filter(completed_at__gte=since)
        .values("person__team_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("person__team_id", "n")
    )
    planned = planned_completions(programme=programme, as_of=today)
    outlook = forecast(total=coverage.total, planned=planned, as_of=today)
    return _MonthFigures(
        coverage, in_month, f"Live figures on {today:%d/%m/%Y}.", outlook
    )


def _snapshot_figures(programme: Programme, month: date) -> _MonthFigures:
    """A past month: its last snapshot, completions as the change since the
    month before's last snapshot."""
    day = _last_snapshot_day(programme, month)
    if day is None:
        raise NoSnapshots(
            _(
                "No coverage snapshots for %(month)s: run "
                "manage.py crystal_coverage_backfill."
            )
            % {"month": date_format(month, "F Y")}
        )
    counts = _snapshot_counts(programme, day)
    coverage = rollup(programme=programme, as_of=day, counts=counts)
    before = _last_snapshot_day(programme, (month - timedelta(days=1)).replace(day=1))
    previous = _snapshot_counts(programme, before) if before else {}
    in_month = {
        team_id: max(0, c.completed - previous.get(team_id, Counts()).completed)
        for team_id, c in counts.items()
    }
    return _MonthFigures(coverage, in_month, f"Snapshot of {day:%d/%m/%Y}.", None)


def core_programme() -> Programme | None:
    """The programme the review reads when none is named: the active one
    assigned to the most people now (Op Crystal core reaches everyone)."""
    return (
        Programme.objects.filter(active=True)
        .annotate(
            people=Count(
                "assignments",
                filter=Assignment.objects.current_q(prefix="assignments__"),
            )
        )
        .order_by("-people", "name")
        .first()
    )


def performance_review(
    *, programme: Programme, month: date, today: date | None = None
) -> Review:
    """This month: live figures. A past month: its last daily snapshot, with
    completions in the month from the change since the month before."""
    today = today or timezone.localdate()
    month = month.replace(day=1)
    if month > today:
        raise NoSnapshots(_("That month has not started."))
    if month == today.replace(day=1):
        coverage, in_month, basis, outlook = _live_figures(programme, month, today)
    else:
        coverage, in_month, basis, outlook = _snapshot_figures(programme, month)
    victim_care, victim_care_total = team_figures(month)
    teams_by_area: dict[int | None, list[TeamRow]] = defaultdict(list)
    area_in_month: dict[int | None, int] = defaultdict(int)
    for row in sorted(coverage.teams, key=lambda r: r.name):
        key = row.area.pk if row.area else None
        teams_by_area[key].append(row)
        area_in_month[key] += in_month.get(row.team.pk, 0)
    return Review(
        programme=programme,
        month=month,
        basis=basis,
        total=coverage.total,
        areas=coverage.areas,
        teams_by_area=dict(teams_by_area),
        completed_in_month=in_month,
        area_completed_in_month=dict(area_in_month),
        completed_in_month_total=sum(in_month.values()),
        forecast=outlook,
        victim_care=victim_care,
        victim_care_total=victim_care_total,
    )
