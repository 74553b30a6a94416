"""Reads: victim care records and their compliance figures by team and month.

The rule itself is in ``compliance.py``; this module only fetches rows and
counts what the rule says. Supervisors' findings (dip samples, ring-backs)
reach the figures through ``record_checks``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Q, QuerySet

from crystal_learning.people.models import Team

from . import compliance
from .models import BOXES, VictimCareRecord

ROW_FIELDS = (
    "pk",
    "team_id",
    "person_id",
    "recorded_on",
    "rationale",
    "case_status",
    *BOXES,
)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _percent(part: int, whole: int) -> int | None:
    """A whole percentage rounded down (99.6% compliant is not 100%)."""
    if not whole:
        return None
    return math.floor(100 * part / whole)


@dataclass
class Figures:
    """Compliance of a set of records: counts, and percentages from them."""

    records: int = 0
    compliant: int = 0
    boxes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BOXES, 0))

    def count(self, boxes: dict[str, bool]) -> None:
        self.records += 1
        self.compliant += all(boxes.values())
        for box, ok in boxes.items():
            self.boxes[box] += ok

    def add(self, other: Figures) -> None:
        self.records += other.records
        self.compliant += other.compliant
        for box, n in other.boxes.items():
            self.boxes[box] += n

    @property
    def percent(self) -> int | None:
        return _percent(self.compliant, self.records)

    def box_percent(self, box: str) -> int | None:
        return _percent(self.boxes[box], self.records)

    @property
    def box_percents(self) -> list[tuple[str, int | None]]:
        return [(box, self.box_percent(box)) for box in BOXES]


def records_between(start: date, end: date) -> QuerySet[VictimCareRecord]:
    """Records with ``start <= recorded_on < end``."""
    return VictimCareRecord.objects.filter(recorded_on__gte=start, recorded_on__lt=end)


def record_checks(records: QuerySet[VictimCareRecord]) -> dict[int, dict[str, bool]]:
    """Supervisors' findings per record: ``{record id: {box: right?}}``.

    The extension point for dip samples and ring-backs ("both feed the
    figures"): return, for each record checked, the boxes a supervisor found
    right (True) or wrong (False); ``compliance.apply_checks`` lets a finding
    replace the log's own answer. The rule for what a finding says is in
    ``supervision_selectors.supervision_findings``.
    """
    from .supervision_selectors import supervision_findings

    return supervision_findings(records)


def record_results(
    records: QuerySet[VictimCareRecord],
) -> list[tuple[dict, dict[str, bool]]]:
    """Each record as a row, with each box's compliance after supervisors' checks."""
    rows = list(records.values(*ROW_FIELDS))
    # The records as a sub-query: two queries however many (not two per 500 ids).
    checks = record_checks(records) if rows else {}
    return [
        (
            row,
            compliance.apply_checks(
                compliance.record_boxes(row), checks.get(row["pk"])
            ),
        )
        for row in rows
    ]


def figures_by_team_month(start: date, end: date) -> dict[tuple[int, date], Figures]:
    """``{(team id, first of month): Figures}`` for records in [start, end)."""
    out: dict[tuple[int, date], Figures] = {}
    for row, boxes in record_results(records_between(start, end)):
        key = (row["team_id"], month_start(row["recorded_on"]))
        out.setdefault(key, Figures()).count(boxes)
    return out


def of_month(
    by_team_month: dict[tuple[int, date], Figures], month: date
) -> dict[int, Figures]:
    """``{team id: Figures}`` of one month, from ``figures_by_team_month``."""
    start = month_start(month)
    return {team: f for (team, when), f in by_team_month.items() if when == start}


def figures_by_team(month: date) -> dict[int, Figures]:
    """``{team id: Figures}`` for one month's records (each record counts
    for the team the officer was in when it was recorded)."""
    start = month_start(month)
    return of_month(figures_by_team_month(start, next_month(start)), start)


def teams_with_records(start: date, end: date) -> QuerySet[Team]:
    ids = records_between(start, end).values("team_id")
    return Team.objects.filter(pk__in=ids).order_by("path")


@dataclass
class TeamFigures:
    """A team's figures for a month, named for a table or a sheet."""

    team_id: int
    name: str
    code: str
    figures: Figures


def team_figures(month: date) -> tuple[list[TeamFigures], Figures]:
    """Each team with records in the month (by team path), and the force total."""
    by_team = figures_by_team(month)
    teams = Team.objects.filter(pk__in=by_team).order_by("path")
    rows = [
        TeamFigures(team.pk, team.name, team.code, by_team[team.pk])
        for team in teams.only("pk", "name", "code", "path")
    ]
    total = Figures()
    for figures in by_team.values():
        total.add(figures)
    return rows, total


def monthly_totals(
    start: date, end: date, team_ids: Iterable[int] | None = None
) -> list[tuple[date, Figures]]:
    """Month by month in [start, end): the figures of some teams (all by default)."""
    return sum_by_month(figures_by_team_month(start, end), team_ids=team_ids)


def sum_by_month(
    by_team_month: dict[tuple[int, date], Figures],
    team_ids: Iterable[int] | None = None,
) -> list[tuple[date, Figures]]:
    """``figures_by_team_month`` summed month by month over some teams (all by
    default)."""
    wanted = None if team_ids is None else set(team_ids)
    by_month: dict[date, Figures] = {}
    for (team_id, month), figures in by_team_month.items():
        if wanted is None or team_id in wanted:
            by_month.setdefault(month, Figures()).add(figures)
    return sorted(by_month.items())


def latest_compliance_month(today: date) -> date | None:
    """The month screens show first: the latest finished month with records (a
    month just begun says little); this month if no earlier one has any (1
    query: two aggregates, not every record's month sorted)."""
    this_month = month_start(today)
    found = VictimCareRecord.objects.filter(
        recorded_on__lt=next_month(this_month)
    ).aggregate(
        finished=Max("recorded_on", filter=Q(recorded_on__lt=this_month)),
        this_month=Count("pk", filter=Q(recorded_on__gte=this_month)),
    )
    if found["finished"] is not None:
        return month_start(found["finished"])
    return this_month if found["this_month"] else None
