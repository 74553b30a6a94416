"""The planning problem: teams with shift patterns, people with absences,
sessions with capacity, an abstraction policy; and the hard rules (who may
attend on a day, each team's cap). Pure Python, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..abstraction import cap_from

REST = "R"
REST_DAY_NOTICE_DAYS = 15


@dataclass(frozen=True)
class Policy:
    cap_share: float
    min_release: int
    training_duty_codes: frozenset[str]
    allow_rest_days: bool = False


@dataclass(frozen=True)
class TeamSpec:
    id: str
    pattern: tuple[str, ...]
    pattern_start: date
    min_staffing: int
    #: This team's own policy (a per-team override); None: the instance's.
    policy: Policy | None = None

    def code_on(self, day: date) -> str:
        return self.pattern[(day - self.pattern_start).days % len(self.pattern)]


@dataclass(frozen=True)
class PersonSpec:
    id: str
    team: str
    absences: tuple[tuple[date, date], ...]
    #: False: counts towards the team's strength but needs no session.
    needs: bool = True

    def absent_on(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.absences)


@dataclass(frozen=True)
class SessionSpec:
    id: str
    date: date
    start: str
    end: str
    capacity: int


@dataclass
class Instance:
    start: date
    horizon_days: int
    policy: Policy
    teams: dict[str, TeamSpec]
    people: list[PersonSpec]
    sessions: list[SessionSpec]
    #: People already in training per (team, day) (published bookings): they
    #: count against the team's cap.
    fixed_load: dict[tuple[str, date], int] = field(default_factory=dict)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.horizon_days)]


@dataclass
class Plan:
    assignments: list[tuple[str, str]] = field(default_factory=list)
    unassigned: list[str] = field(default_factory=list)
    finish_date: date | None = None
    lower_bound_date: date | None = None
    rest_day_assignments: int = 0
    solve_seconds: float = 0.0

    def day_number(self, instance: Instance, day: date | None) -> int | None:
        return None if day is None else (day - instance.start).days + 1

    def ratio(self, instance: Instance) -> float | None:
        finish = self.day_number(instance, self.finish_date)
        bound = self.day_number(instance, self.lower_bound_date)
        if finish is None or bound is None:
            return None
        return round(finish / bound, 4)

    def as_json(self, instance: Instance) -> dict:
        return {
            "assignments": [{"person": p, "session": s} for p, s in self.assignments],
            "unassigned": self.unassigned,
            "finish_date": self.finish_date.isoformat() if self.finish_date else None,
            "lower_bound_date": self.lower_bound_date.isoformat()
            if self.lower_bound_date
            else None,
            "ratio": self.ratio(instance),
            "rest_day_assignments": self.rest_day_assignments,
            "solve_seconds": round(self.solve_seconds, 3),
        }


def team_cap(instance: Instance, team: TeamSpec, day: date, members: list[PersonSpec]):
    """How many of the team may be in training on `day` (0 if none)."""
    on_duty = sum(1 for p in members if not p.absent_on(day))
    policy = team.policy or instance.policy
    return cap_from(
        cap_share=policy.cap_share,
        min_release=policy.min_release,
        min_staffing=team.min_staffing,
        on_duty=on_duty,
    )


def free_cap(instance: Instance, team: TeamSpec, day: date, members) -> int:
    """The cap less the people already in training that day (published)."""
    cap = team_cap(instance, team, day, members)
    return max(0, cap - instance.fixed_load.get((team.id, day), 0))


def eligible(instance: Instance, person: PersonSpec, day: date) -> tuple[bool, bool]:
    """(may attend on `day`, it would be on a rest day)."""
    if person.absent_on(day):
        return False, False
    team = instance.teams[person.team]
    policy = team.policy or instance.policy
    code = team.code_on(day)
    if code in policy.training_duty_codes:
        return True, False
    if (
        code == REST
        and policy.allow_rest_days
        and (day - instance.start).days >= REST_DAY_NOTICE_DAYS
    ):
        return True, True
    return False, False
