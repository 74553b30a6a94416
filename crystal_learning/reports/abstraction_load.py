"""Abstraction load: people and hours in training per team per week, against
each team's daily cap (the abstraction policy)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count

from crystal_learning.people.models import Person, Team
from crystal_learning.scheduling.abstraction import (
    daily_cap,
    policies_by_path,
    policy_for_team,
)
from crystal_learning.scheduling.models import Booking

from .coverage import TeamRef, team_refs


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
    bookings = Booking.objects.abstracting().filter(
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
