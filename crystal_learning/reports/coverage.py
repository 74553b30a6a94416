"""Coverage: who is assigned, done, booked and overdue, team by team.

Every figure comes from the current assignments (completion is set from the
xAPI progress projection), the projection itself and the bookings, counted in
the database: a fixed number of queries however many teams and people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from crystal_learning.people.models import Team
from crystal_learning.programmes.models import Assignment, Programme, Requirement
from crystal_learning.scheduling.models import Booking
from crystal_learning.xapi.models import Progress

from .forecast import RATE_WINDOW_DAYS


@dataclass
class Counts:
    assigned: int = 0
    completed: int = 0
    in_progress: int = 0
    booked: int = 0
    overdue: int = 0
    recent: int = 0

    def add(self, other: Counts) -> None:
        self.assigned += other.assigned
        self.completed += other.completed
        self.in_progress += other.in_progress
        self.booked += other.booked
        self.overdue += other.overdue
        self.recent += other.recent

    @property
    def percent(self) -> int | None:
        """Completed, as a whole percentage rounded down (99.6% is not 100%)."""
        if not self.assigned:
            return None
        return math.floor(100 * self.completed / self.assigned)

    @property
    def not_started(self) -> int:
        return max(0, self.assigned - self.completed - self.in_progress)


@dataclass(frozen=True)
class TeamRef:
    """What the reports need of a team: read as plain rows, because building
    thousands of model instances costs more than the counting."""

    pk: int
    name: str
    code: str
    path: str

    FIELDS = ("pk", "name", "code", "path")


def team_refs(queryset) -> list[TeamRef]:
    return [TeamRef(*row) for row in queryset.values_list(*TeamRef.FIELDS)]


class TeamTree:
    """Every team as a plain row, and the area above each (1 query): cheaper
    than an IN list of thousands of ids."""

    def __init__(self):
        self.teams = {t.pk: t for t in team_refs(Team.objects.all())}
        self.areas = {
            t.path: t for t in self.teams.values() if len(t.path) == 2 * Team.steplen
        }
        self.root = next(
            (t for t in self.teams.values() if len(t.path) == Team.steplen), None
        )

    def area_of(self, team: TeamRef) -> TeamRef | None:
        """Its ancestor at depth 2 (force > area > ...), or itself if an area."""
        return self.areas.get(team.path[: 2 * Team.steplen])


@dataclass
class TeamRow(Counts):
    team: TeamRef | None = None
    area: TeamRef | None = None

    @property
    def name(self) -> str:
        return self.team.name if self.team else ""

    @property
    def area_name(self) -> str:
        return self.area.name if self.area else ""


def _least_complete_first(row: TeamRow) -> tuple[int, str]:
    percent = row.percent
    return (101 if percent is None else percent, row.name)


def requirements_of(programme: Programme) -> list[Requirement]:
    """The programme's requirements with their pages (1 query)."""
    return list(
        programme.requirements.select_related("module", "package", "quiz").order_by(
            "sort_order"
        )
    )


def current_assignments(programme: Programme) -> QuerySet[Assignment]:
    return Assignment.objects.current().filter(programme=programme, person__active=True)


def _booked(programme: Programme, as_of: date, person_ref="person"):
    return Exists(
        Booking.objects.upcoming(as_of).filter(
            person=OuterRef(person_ref), session__requirement__programme=programme
        )
    )


def _started(activity_ids: list[str], person_ref="person"):
    return Exists(
        Progress.objects.filter(
            person=OuterRef(person_ref), activity_id__in=activity_ids
        ).exclude(status=Progress.Status.NOT_STARTED)
    )


def team_counts(
    *,
    programme: Programme,
    as_of: date,
    activity_ids: list[str],
    team_ids: frozenset[int] | None = None,
) -> dict[int, Counts]:
    """Counts per team (the team people belong to now): one GROUP BY query."""
    open_ = Assignment.objects.outstanding_q()
    since = timezone.make_aware(
        datetime.combine(as_of - timedelta(days=RATE_WINDOW_DAYS), datetime.min.time())
    )
    assignments = current_assignments(programme)
    if team_ids is not None:
        assignments = assignments.for_teams(team_ids)
    counts = {
        "assigned": Count("pk"),
        "completed": Count("pk", filter=~open_),
        "in_progress": Count("pk", filter=open_ & Q(_started(activity_ids))),
        "booked": Count("pk", filter=open_ & Q(_booked(programme, as_of))),
        "overdue": Count(
            "pk", filter=Assignment.objects.overdue_q(as_of, programme=programme)
        ),
        "recent": Count("pk", filter=Q(completed_at__gte=since)),
    }  # in the order of Counts' fields: rows are read as plain tuples
    rows = (
        assignments.values("person__team_id")
        .annotate(**counts)
        .values_list("person__team_id", *counts)
        .order_by()
    )
    return {team_id: Counts(*figures) for team_id, *figures in rows}  # 1 query


@dataclass
class Coverage:
    programme: Programme
    as_of: date
    total: Counts
    areas: list[TeamRow]
    teams: list[TeamRow]


def programme_coverage(
    *,
    programme: Programme,
    as_of: date | None = None,
    area: Team | None = None,
    team_ids: frozenset[int] | None = None,
) -> Coverage:
    """A programme's coverage by area and by team (3 queries).

    `area` keeps the teams and the totals of one area (the areas list still
    has every area); `team_ids` limits everything to those teams (a
    supervisor's view). Teams are sorted least complete first.
    """
    as_of = as_of or timezone.localdate()
    activity_ids = [r.activity_id for r in requirements_of(programme)]
    counts = team_counts(
        programme=programme, as_of=as_of, activity_ids=activity_ids, team_ids=team_ids
    )
    return rollup(programme=programme, as_of=as_of, counts=counts, area=area)


def rollup(
    *,
    programme: Programme,
    as_of: date,
    counts: dict[int, Counts],
    area: Team | None = None,
    tree: TeamTree | None = None,
) -> Coverage:
    """Team counts summed into areas and the force (1 query for the teams,
    none when the caller passes a `tree` it keeps)."""
    tree = tree or TeamTree()
    by_area: dict[str, TeamRow] = {}
    rows = []
    total = Counts()
    for team_id, count in counts.items():
        team = tree.teams[team_id]
        team_area = tree.area_of(team)
        key = team_area.path if team_area else ""
        area_row = by_area.get(key)
        if area_row is None:
            area_row = by_area[key] = TeamRow(team=team_area, area=team_area)
        area_row.add(count)
        if area is not None and (team_area is None or team_area.pk != area.pk):
            continue  # the areas list still compares every area
        total.add(count)  # the headline figures: the area's, or the force's
        row = TeamRow(team=team, area=team_area)
        row.add(count)
        rows.append(row)
    rows.sort(key=_least_complete_first)
    return Coverage(
        programme=programme,
        as_of=as_of,
        total=total,
        areas=sorted(by_area.values(), key=lambda r: r.name),
        teams=rows,
    )
