"""The planning problem: teams with shift patterns, people with absences,
sessions with capacity, an abstraction policy; and the hard rules (who may
attend on a day, each team's cap). Pure Python, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..abstraction import cap_from

REST = "R"
NIGHT = "N"
REST_DAY_NOTICE_DAYS = 15

#: Absence types (issue 19). Every type but restricted duties takes the person
#: off duty. Restricted duties: the person is at work on their roster but not
#: operational: they count in neither the team's on-duty strength nor any
#: code's strength, they may still train on a training duty code, and their
#: training counts against neither cap (it takes nobody off operational
#: strength). docs/planner.md.
ANNUAL_LEAVE = "annual_leave"
RESTRICTED_DUTIES = "restricted_duties"
ABSENCE_TYPES = (ANNUAL_LEAVE, "sickness", "course", "court", RESTRICTED_DUTIES)
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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
    #: Minimum strength per duty code: {code: n} or {code: {"default": n,
    #: "sat": m, ...}} (`code_minimum` reads it); empty: none.
    min_staffing_by_code: dict[str, int | dict[str, int]] = field(
        default_factory=dict, hash=False, compare=True
    )

    def code_on(self, day: date) -> str:
        return self.pattern[(day - self.pattern_start).days % len(self.pattern)]


@dataclass(frozen=True)
class PersonSpec:
    id: str
    team: str
    absences: tuple[tuple[date, date], ...]
    #: False: counts towards the team's strength but needs no session.
    needs: bool = True
    #: The person's own roster: from `pattern_start` on (pattern[0] falls on
    #: it) it replaces the team's; `pattern_start` None: on every day, anchored
    #: at the team's pattern_start. `duty_code` reads it.
    pattern: tuple[str, ...] | None = None
    pattern_start: date | None = None
    #: Parallel to `absences` (ABSENCE_TYPES); missing or "": an ordinary absence.
    absence_types: tuple[str, ...] = ()

    def absence_type_on(self, day: date) -> str | None:
        """None: not absent; RESTRICTED_DUTIES only when no other absence that
        day (any other absence wins); else the type (ANNUAL_LEAVE if untyped)."""
        found = None
        for index, (start, end) in enumerate(self.absences):
            if start <= day <= end:
                kind = (
                    self.absence_types[index] if index < len(self.absence_types) else ""
                ) or ANNUAL_LEAVE
                if kind != RESTRICTED_DUTIES:
                    return kind
                found = kind
        return found

    def absent_on(self, day: date) -> bool:
        """Off duty that day (restricted duties is not off duty)."""
        if not self.absence_types:
            return any(start <= day <= end for start, end in self.absences)
        kind = self.absence_type_on(day)
        return kind is not None and kind != RESTRICTED_DUTIES

    def restricted_on(self, day: date) -> bool:
        """At work but not operational (restricted duties, no other absence)."""
        return bool(self.absence_types) and self.absence_type_on(day) == (
            RESTRICTED_DUTIES
        )

    def operational_on(self, day: date) -> bool:
        """Counts in the team's strength that day."""
        return not self.absent_on(day) and not self.restricted_on(day)


@dataclass(frozen=True)
class SessionSpec:
    id: str
    date: date
    start: str
    end: str
    capacity: int
    #: The duty code the session falls in: only people on that code that day
    #: may attend. None: anyone who may train that day.
    code: str | None = None


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
    #: Of those, how many per duty code (team, day, code): they count against
    #: that code's minimum too.
    fixed_code_load: dict[tuple[str, date, str], int] = field(default_factory=dict)

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
    #: Sessions nobody may attend (their code is no training duty code, e.g.
    #: nights), with the reason.
    ignored_sessions: list[tuple[str, str]] = field(default_factory=list)
    #: How the plan was found: "flow" (exact network flow), "mip" (exact
    #: integer programme) or "flow+bound" (a flow plan; the bound from
    #: relaxations, so ratio may exceed 1).
    method: str = "flow"

    def day_number(self, instance: Instance, day: date | None) -> int | None:
        return None if day is None else (day - instance.start).days + 1

    def ratio(self, instance: Instance) -> float | None:
        finish = self.day_number(instance, self.finish_date)
        bound = self.day_number(instance, self.lower_bound_date)
        if finish is None or bound is None:
            return None
        return round(finish / bound, 4)

    def as_json(self, instance: Instance) -> dict:
        extra = {}
        if self.ignored_sessions:
            extra["ignored_sessions"] = [
                {"session": s, "reason": r} for s, r in self.ignored_sessions
            ]
        if self.method != "flow":
            extra["method"] = self.method
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
            **extra,
        }


def team_cap(
    instance: Instance,
    team: TeamSpec,
    day: date,
    members: list[PersonSpec],
    on_duty: int | None = None,
):
    """How many of the team may be in training on `day` (0 if none): rule (a),
    over its operational strength (not absent, not on restricted duties);
    `on_duty`: that strength when the caller has it already."""
    if on_duty is None:
        on_duty = sum(1 for p in members if p.operational_on(day))
    policy = team.policy or instance.policy
    return cap_from(
        cap_share=policy.cap_share,
        min_release=policy.min_release,
        min_staffing=team.min_staffing,
        on_duty=on_duty,
    )


def free_cap(
    instance: Instance, team: TeamSpec, day: date, members, on_duty: int | None = None
) -> int:
    """The cap less the people already in training that day (published)."""
    cap = team_cap(instance, team, day, members, on_duty)
    return max(0, cap - instance.fixed_load.get((team.id, day), 0))


def duty_code(instance: Instance, person: PersonSpec, day: date) -> str:
    """The person's duty code on `day`: the one home of this rule. Their own
    pattern from its start, else their team's."""
    team = instance.teams[person.team]
    if person.pattern:
        anchor = person.pattern_start or team.pattern_start
        if person.pattern_start is None or day >= person.pattern_start:
            return person.pattern[(day - anchor).days % len(person.pattern)]
    return team.code_on(day)


def duty_code_table(instance: Instance, days: list[date]) -> list[list[str]]:
    """`duty_code` of every person (instance order) on each of `days`: the
    same rule, computed once per team-day for people without their own
    pattern (fast at national scale)."""
    team_codes = {
        team_id: [team.code_on(day) for day in days]
        for team_id, team in instance.teams.items()
    }
    return [
        [duty_code(instance, person, day) for day in days]
        if person.pattern
        else team_codes[person.team]
        for person in instance.people
    ]


def absence_table(instance: Instance, days: list[date]) -> list[dict[int, str]]:
    """For every person (instance order): {index in `days`: absence type} on
    the days they are absent or on restricted duties (`absence_type_on`),
    visiting only the days their absences cover (fast at national scale)."""
    where = {day: index for index, day in enumerate(days)}
    table = []
    for person in instance.people:
        mine: dict[int, str] = {}
        for start, end in person.absences:
            day = max(start, days[0]) if days else end + timedelta(days=1)
            while day <= end and day <= days[-1]:
                if day in where and where[day] not in mine:
                    mine[where[day]] = person.absence_type_on(day) or ANNUAL_LEAVE
                day += timedelta(days=1)
        table.append(mine)
    return table


def code_minimum(team: TeamSpec, code: str, day: date) -> int | None:
    """The team's minimum strength on `code` that day (None: no minimum)."""
    rule = team.min_staffing_by_code.get(code)
    if isinstance(rule, dict):
        rule = rule.get(WEEKDAY_KEYS[day.weekday()], rule.get("default"))
    return rule


def code_strength(instance: Instance, members, code: str, day: date) -> int:
    """The team's operational strength on `code` that day (not absent, not on
    restricted duties)."""
    return sum(
        1
        for p in members
        if p.operational_on(day) and duty_code(instance, p, day) == code
    )


def code_cap(
    instance: Instance, team: TeamSpec, code: str, day: date, strength: int
) -> int | None:
    """Rule (b): how many of the team's people on `code` may be in training on
    `day` so that those left (not absent, not restricted, not training) are at
    least the code's minimum, less those already in training on it; `strength`
    is `code_strength` (None: no minimum for that code)."""
    minimum = code_minimum(team, code, day)
    if minimum is None:
        return None
    taken = instance.fixed_code_load.get((team.id, day, code), 0)
    return max(0, strength - minimum - taken)


def training_codes(instance: Instance) -> frozenset[str]:
    """Every code some policy (the instance's or a team's) trains on."""
    codes = set(instance.policy.training_duty_codes)
    for team in instance.teams.values():
        if team.policy is not None:
            codes |= team.policy.training_duty_codes
    return frozenset(codes)


def session_refusal(
    instance: Instance, session: SessionSpec, codes: frozenset[str] | None = None
) -> str | None:
    """Why nobody may ever attend a session with a code (None: they may);
    `codes`: `training_codes(instance)` when the caller has it already."""
    if session.code is None:
        return None
    if session.code in (training_codes(instance) if codes is None else codes):
        return None
    if session.code == NIGHT:
        return (
            f"code {NIGHT!r} (nights) is not a training duty code: protected "
            "time is never placed on nights"
        )
    return f"code {session.code!r} is not a training duty code"


def eligible(
    instance: Instance, person: PersonSpec, day: date, code: str | None = None
) -> tuple[bool, bool]:
    """(may attend on `day`, it would be on a rest day); `code`: the person's
    `duty_code` that day when the caller has it already."""
    if person.absent_on(day):
        return False, False
    team = instance.teams[person.team]
    policy = team.policy or instance.policy
    if code is None:
        code = duty_code(instance, person, day)
    if code in policy.training_duty_codes:
        return True, False
    if (
        code == REST
        and policy.allow_rest_days
        and (day - instance.start).days >= REST_DAY_NOTICE_DAYS
    ):
        return True, True
    return False, False


def may_attend(instance: Instance, person: PersonSpec, session: SessionSpec) -> bool:
    """Eligible that day, and on the session's code when it has one."""
    if not eligible(instance, person, session.date)[0]:
        return False
    return session.code is None or duty_code(instance, person, session.date) == (
        session.code
    )
