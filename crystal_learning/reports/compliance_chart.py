"""Training beside victim care compliance: per team this month, and month by
month as a chart (an SVG drawn on the server, with its data table).

The figures come from their own homes: completion from the coverage trend
(snapshots), compliance from ``victim_care.selectors`` (the one rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crystal_learning.people.models import Team
from crystal_learning.victim_care.selectors import (
    Figures,
    figures_by_team,
    figures_by_team_month,
    month_start,
    next_month,
    of_month,
    sum_by_month,
)

from .coverage import TeamRow
from .trend import TrendPoint

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass
class MonthPoint:
    month: date
    completed: int | None
    compliant: int | None
    records: int
    x: float = 0.0
    completed_y: float | None = None
    compliant_y: float | None = None


@dataclass
class Chart:
    points: list[MonthPoint]
    width: int = WIDTH
    height: int = HEIGHT
    completed_line: str = ""
    compliant_line: str = ""
    gridlines: tuple = ()


@dataclass
class ComplianceFigures:
    """Each team's victim care figures, month by month in [start, end): read
    once for the chart and the teams' column (every record goes through the
    rule in Python, so twice would cost twice)."""

    start: date
    end: date
    by_team_month: dict[tuple[int, date], Figures]

    def of_month(self, month: date) -> dict[int, Figures]:
        if self.start <= month < self.end:
            return of_month(self.by_team_month, month)
        return figures_by_team(month)  # a month the chart does not show


def compliance_figures(*, trend: list[TrendPoint], today: date) -> ComplianceFigures:
    """The chart's months: the trend's, up to this month (1 query for the
    records, 2 for supervisors' findings)."""
    start = min([*(p.month for p in trend), month_start(today)])
    end = next_month(month_start(today))
    return ComplianceFigures(start, end, figures_by_team_month(start, end))


def attach_compliance(
    rows: list[TeamRow],
    month: date | None,
    figures: ComplianceFigures | None = None,
) -> None:
    """Give each team row its victim care figures for the month (None: no records)."""
    if month is None:
        by_team = {}
    else:
        by_team = figures.of_month(month) if figures else figures_by_team(month)
    for row in rows:
        row.compliance = by_team.get(row.team.pk) if row.team else None


def _y(percent: int | None) -> float | None:
    if percent is None:
        return None
    return TOP + (HEIGHT - TOP - BOTTOM) * (100 - percent) / 100


def _line(points: list[MonthPoint], attribute: str) -> str:
    return " ".join(
        f"{p.x:.1f},{getattr(p, attribute):.1f}"
        for p in points
        if getattr(p, attribute) is not None
    )


def training_and_compliance(
    *,
    trend: list[TrendPoint],
    today: date,
    area: Team | None = None,
    figures: ComplianceFigures | None = None,
) -> Chart:
    """Month by month: completed (%) at the month's end and compliant records (%)."""
    completed = {p.month: p.percent for p in trend}
    figures = figures or compliance_figures(trend=trend, today=today)
    team_ids = None
    if area is not None:
        team_ids = Team.objects.filter(path__startswith=area.path).values_list(
            "pk", flat=True
        )
    compliance: dict[date, Figures] = dict(
        sum_by_month(figures.by_team_month, team_ids=team_ids)
    )
    months = sorted(set(completed) | set(compliance))
    points = [
        MonthPoint(
            month=month,
            completed=completed.get(month),
            compliant=compliance[month].percent if month in compliance else None,
            records=compliance[month].records if month in compliance else 0,
        )
        for month in months
    ]
    span = WIDTH - LEFT - RIGHT
    for index, point in enumerate(points):
        point.x = LEFT + (span * index / (len(points) - 1) if len(points) > 1 else 0)
        point.completed_y = _y(point.completed)
        point.compliant_y = _y(point.compliant)
    return Chart(
        points=points,
        completed_line=_line(points, "completed_y"),
        compliant_line=_line(points, "compliant_y"),
        gridlines=tuple((value, _y(value)) for value in (0, 25, 50, 75, 100)),
    )
