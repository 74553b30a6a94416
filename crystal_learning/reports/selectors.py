"""Reads for coverage: who is assigned, done, booked and overdue, team by team.

Every figure comes from the current assignments (completion is set from the
xAPI progress projection), the projection itself and the bookings, counted in
the database: a fixed number of queries however many teams and people.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import Assignment, Programme, Requirement
from crystal_learning.scheduling.abstraction import (
    daily_cap,
    policies_by_path,
    policy_for_team,
)
from crystal_learning.scheduling.models import Booking
from crystal_learning.xapi.models import Progress

#: Completions over this many days set the rate the forecast runs on.
RATE_WINDOW_DAYS = 28
#: The forecast looks no further ahead than this.
FORECAST_HORIZON_DAYS = 3 * 365


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


def requirements_of(programme: Programme) -> list[Requirement]:
    """The programme's requirements with their pages (1 query)."""
    return list(
        programme.requirements.select_related("module", "quiz").order_by("sort_order")
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
    rows = (
        assignments.values("person__team_id")
        .annotate(
            assigned=Count("pk"),
            completed=Count("pk", filter=~open_),
            recent=Count("pk", filter=Q(completed_at__gte=since)),
            overdue=Count("pk", filter=Assignment.objects.overdue_q(as_of)),
            booked=Count("pk", filter=open_ & Q(_booked(programme, as_of))),
            in_progress=Count("pk", filter=open_ & Q(_started(activity_ids))),
        )
        .order_by()
    )
    return {
        row.pop("person__team_id"): Counts(**row)
        for row in rows  # 1 query
    }


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

    `area` keeps the teams of one area; `team_ids` limits everything to those
    teams (a supervisor's view). Teams are sorted least complete first.
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
        total.add(count)
        key = team_area.path if team_area else ""
        area_row = by_area.setdefault(key, TeamRow(team=team_area, area=team_area))
        area_row.add(count)
        if area is not None and (team_area is None or team_area.pk != area.pk):
            continue
        row = TeamRow(team=team, area=team_area)
        row.add(count)
        rows.append(row)
    rows.sort(key=lambda r: (r.percent if r.percent is not None else 101, r.name))
    return Coverage(
        programme=programme,
        as_of=as_of,
        total=total,
        areas=sorted(by_area.values(), key=lambda r: r.name),
        teams=rows,
    )


# ---------------------------------------------------------------- review


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


class NoSnapshots(Exception):
    """No snapshot covers the month asked for."""


def _month_end(month: date) -> date:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _snapshot_counts(programme: Programme, day: date) -> dict[int, Counts]:
    from .models import CoverageSnapshot

    return {
        row.pop("team_id"): Counts(**row)
        for row in CoverageSnapshot.objects.filter(
            programme=programme, date=day, level=CoverageSnapshot.Level.TEAM
        ).values("team_id", "assigned", "completed", "in_progress", "booked", "overdue")
    }


def _last_snapshot_day(programme: Programme, month: date) -> date | None:
    from .models import CoverageSnapshot

    return (
        CoverageSnapshot.objects.filter(
            programme=programme, date__gte=month, date__lte=_month_end(month)
        )
        .order_by("-date")
        .values_list("date", flat=True)
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
        raise NoSnapshots("That month has not started.")
    if month == today.replace(day=1):
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
        basis = f"Live figures on {today:%d/%m/%Y}."
        planned = planned_completions(programme=programme, as_of=today)
        outlook = forecast(total=coverage.total, planned=planned, as_of=today)
    else:
        day = _last_snapshot_day(programme, month)
        if day is None:
            raise NoSnapshots(
                f"No coverage snapshots for {month:%B %Y}: run "
                "manage.py crystal_coverage_backfill."
            )
        counts = _snapshot_counts(programme, day)
        coverage = rollup(programme=programme, as_of=day, counts=counts)
        before = _last_snapshot_day(
            programme, (month - timedelta(days=1)).replace(day=1)
        )
        previous = _snapshot_counts(programme, before) if before else {}
        in_month = {
            team_id: max(0, c.completed - previous.get(team_id, Counts()).completed)
            for team_id, c in counts.items()
        }
        basis = f"Snapshot of {day:%d/%m/%Y}."
        outlook = None
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
    )


# ---------------------------------------------------------------- forecast


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
    *, programme: Programme, as_of: date, team_ids: frozenset[int] | None = None
) -> dict[date, int]:
    """People not yet complete with a booked session ahead, by session date (1
    query): the published plan."""
    bookings = Booking.objects.upcoming(as_of).filter(
        Assignment.objects.outstanding_q(prefix="person__assignments__"),
        session__requirement__programme=programme,
        person__active=True,
        person__assignments__programme=programme,
    )
    if team_ids is not None:
        bookings = bookings.filter(person__team_id__in=team_ids)
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


# ---------------------------------------------------------------- trend


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
    from .models import CoverageSnapshot

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


# ---------------------------------------------------------------- abstraction


@dataclass
class WeekLoad:
    week: date
    people: int = 0
    hours: float = 0.0
    peak: int = 0
    cap: int = 0

    @property
    def over(self) -> bool:
        return self.peak > self.cap


@dataclass
class TeamLoad:
    team: TeamRef
    members: int
    cap: int
    weeks: list[WeekLoad] = field(default_factory=list)

    @property
    def over(self) -> bool:
        return any(w.over for w in self.weeks)

    @property
    def busiest(self) -> float:
        """The busiest day's load as a share of the cap (over 1: over the cap)."""
        peak = max((w.peak for w in self.weeks), default=0)
        return peak / self.cap if self.cap else float(peak)


def abstraction_load(
    *,
    start: date,
    weeks: int = 8,
    team_ids: frozenset[int] | None = None,
    area: Team | None = None,
) -> tuple[list[date], list[TeamLoad]]:
    """People and hours in training per team per week, against the cap (4 queries).

    Counts booked and attended places on sessions (briefings and protected
    e-learning slots) from the Monday of `start` for `weeks` weeks.
    """
    monday = start - timedelta(days=start.weekday())
    mondays = [monday + timedelta(weeks=n) for n in range(weeks)]
    end = monday + timedelta(weeks=weeks)
    bookings = Booking.objects.filter(
        status__in=[Booking.Status.BOOKED, Booking.Status.ATTENDED],
        session__cancelled=False,
        session__date__gte=monday,
        session__date__lt=end,
    )
    if team_ids is not None:
        bookings = bookings.filter(person__team_id__in=team_ids)
    if area is not None:
        bookings = bookings.filter(person__team__path__startswith=area.path)
    rows = (
        bookings.values(
            "person__team_id", "session__date", "session__start", "session__end"
        )
        .annotate(people=Count("person", distinct=True))
        .order_by()
    )
    daily: dict[tuple[int, date], int] = defaultdict(int)
    hours: dict[tuple[int, date], float] = defaultdict(float)
    for row in rows:  # 1 query
        team_id, day = row["person__team_id"], row["session__date"]
        start_at = datetime.combine(day, row["session__start"])
        length = (datetime.combine(day, row["session__end"]) - start_at).seconds
        daily[team_id, day] += row["people"]
        week = day - timedelta(days=day.weekday())
        hours[team_id, week] += row["people"] * length / 3600
    people: dict[tuple[int, date], int] = defaultdict(int)
    peaks: dict[tuple[int, date], int] = defaultdict(int)
    for (team_id, day), count in daily.items():
        key = (team_id, day - timedelta(days=day.weekday()))
        people[key] += count
        peaks[key] = max(peaks[key], count)
    booked_teams = {team_id for team_id, _day in daily}
    # All teams and all team sizes: two cheap scans, no IN list of thousands.
    teams = [
        t for t in team_refs(Team.objects.order_by("name")) if t.pk in booked_teams
    ]
    members = dict(
        Person.objects.filter(active=True)
        .values("team_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("team_id", "n")
    )
    policies = policies_by_path()
    loads = []
    for team in teams:
        size = members.get(team.pk, 0)
        cap = daily_cap(policy_for_team(team, policies), size)
        load = TeamLoad(team=team, members=size, cap=cap)
        load.weeks = [
            WeekLoad(
                week=week,
                people=people.get((team.pk, week), 0),
                hours=round(hours.get((team.pk, week), 0.0), 1),
                peak=peaks.get((team.pk, week), 0),
                cap=cap,
            )
            for week in mondays
        ]
        loads.append(load)
    loads.sort(key=lambda load: (not load.over, -load.busiest, load.team.name))
    return mondays, loads


# ---------------------------------------------------------------- visibility


def programmes_for_people(people: QuerySet[Person]) -> list[Programme]:
    """Programmes any of these people is currently assigned to (1 query)."""
    return list(
        Programme.objects.filter(
            Assignment.objects.current_q(prefix="assignments__"),
            assignments__person__in=people,
        )
        .distinct()
        .order_by("name")
    )
