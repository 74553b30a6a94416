"""The rolling-programme planner: who attends which session, under abstraction rules.

Pure Python and OR-Tools; no database. `instance_parse` validates the JSON
instance (docs/planner.md), `plan` solves it.

Why network flow is exact here (the argument is in docs/planner.md): whether a
person may attend depends only on the date (their team's duty code, their
absences), every session on a date is interchangeable, and every rule is a
capacity: one session per person, a session's capacity, and a cap per team per
day. So the problem is a flow network

    source -> person (1) -> (team, day) (cap of that team that day)
           -> day (total capacity of that day's sessions) -> sink

whose integral maximum flow is the largest number of people that can be
assigned. The earliest finish date is the smallest D for which the network
restricted to days <= D still carries that maximum (a binary search over days:
feasibility is monotone in D). That D is a lower bound for every plan, because
any plan finishing earlier would be a flow of the same value in the restricted
network, and the plan returned reaches it, so finish / bound = 1. Among plans
with that value and finish date, a min-cost flow with convex (square) costs on
each team-day load spreads each team's abstraction as evenly as possible, and
charges rest-day training as a cost. Days are finally split into sessions
(any session that day with a free place).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ortools.graph.python import max_flow, min_cost_flow

from .abstraction import cap_from

REST = "R"
REST_DAY_NOTICE_DAYS = 15
REST_DAY_COST = 1_000  # per person: far above any spreading cost


class InstanceInvalid(ValueError):
    """The instance is not valid; the message names the field."""


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


# -- parsing ------------------------------------------------------------------


def _date(value, where: str) -> date:
    if not isinstance(value, str):
        raise InstanceInvalid(f"{where}: expected an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InstanceInvalid(f"{where}: {value!r} is not an ISO date") from error


def _int(value, where: str, *, minimum: int = 0, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceInvalid(f"{where}: expected a whole number")
    if value < minimum:
        raise InstanceInvalid(f"{where}: must be at least {minimum}")
    return value


def _list(data: dict, key: str, where: str = "") -> list:
    value = data.get(key)
    if not isinstance(value, list):
        raise InstanceInvalid(f"{where}{key}: expected a list")
    return value


def _unique_id(item, where: str, seen: set) -> str:
    if not isinstance(item, dict):
        raise InstanceInvalid(f"{where}: expected an object")
    raw = item.get("id")
    if not isinstance(raw, str | int) or isinstance(raw, bool) or raw == "":
        raise InstanceInvalid(f"{where}.id: expected a string or number")
    ident = str(raw)
    if ident in seen:
        raise InstanceInvalid(f"{where}.id: duplicate id {ident!r}")
    seen.add(ident)
    return ident


def _policy(raw, where: str) -> Policy:
    if not isinstance(raw, dict):
        raise InstanceInvalid(f"{where}: expected an object")
    share = raw.get("cap_share")
    if (
        isinstance(share, bool)
        or not isinstance(share, int | float)
        or not (0 <= share <= 1)
    ):
        raise InstanceInvalid(f"{where}.cap_share: expected a number from 0 to 1")
    codes = raw.get("training_duty_codes")
    if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
        raise InstanceInvalid(f"{where}.training_duty_codes: expected a list of codes")
    allow_rest = raw.get("allow_rest_days", False)
    if not isinstance(allow_rest, bool):
        raise InstanceInvalid(f"{where}.allow_rest_days: expected true or false")
    return Policy(
        cap_share=float(share),
        min_release=_int(raw.get("min_release"), f"{where}.min_release"),
        training_duty_codes=frozenset(codes),
        allow_rest_days=allow_rest,
    )


def instance_parse(data) -> Instance:
    """Validate a planner instance (dict from JSON); InstanceInvalid names the field."""
    if not isinstance(data, dict):
        raise InstanceInvalid("instance: expected a JSON object")
    start = _date(data.get("start"), "start")
    horizon = _int(data.get("horizon_days"), "horizon_days", minimum=1)
    raw_policy = data.get("policy")
    policy = _policy(raw_policy, "policy")
    teams: dict[str, TeamSpec] = {}
    seen: set = set()
    for index, raw in enumerate(_list(data, "teams")):
        where = f"teams[{index}]"
        ident = _unique_id(raw, where, seen)
        pattern = raw.get("pattern")
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(c, str) and c for c in pattern)
        ):
            raise InstanceInvalid(
                f"{where}.pattern: expected a non-empty list of codes"
            )
        teams[ident] = TeamSpec(
            id=ident,
            pattern=tuple(pattern),
            pattern_start=_date(raw.get("pattern_start"), f"{where}.pattern_start"),
            min_staffing=_int(
                raw.get("min_staffing"), f"{where}.min_staffing", allow_none=True
            )
            or 0,
            policy=_policy(raw["policy"], f"{where}.policy")
            if raw.get("policy") is not None
            else None,
        )
    people: list[PersonSpec] = []
    seen = set()
    for index, raw in enumerate(_list(data, "people")):
        where = f"people[{index}]"
        ident = _unique_id(raw, where, seen)
        team = str(raw.get("team"))
        if team not in teams:
            raise InstanceInvalid(f"{where}.team: unknown team {raw.get('team')!r}")
        absences = []
        for a_index, span in enumerate(raw.get("absences") or []):
            a_where = f"{where}.absences[{a_index}]"
            if not isinstance(span, list) or len(span) != 2:
                raise InstanceInvalid(f"{a_where}: expected [from, to]")
            first, last = (
                _date(span[0], a_where + "[0]"),
                _date(span[1], a_where + "[1]"),
            )
            if last < first:
                raise InstanceInvalid(f"{a_where}: ends before it starts")
            absences.append((first, last))
        needs = raw.get("needs", True)
        if not isinstance(needs, bool):
            raise InstanceInvalid(f"{where}.needs: expected true or false")
        people.append(
            PersonSpec(id=ident, team=team, absences=tuple(absences), needs=needs)
        )
    sessions: list[SessionSpec] = []
    seen = set()
    for index, raw in enumerate(_list(data, "sessions")):
        where = f"sessions[{index}]"
        ident = _unique_id(raw, where, seen)
        sessions.append(
            SessionSpec(
                id=ident,
                date=_date(raw.get("date"), f"{where}.date"),
                start=str(raw.get("start", "")),
                end=str(raw.get("end", "")),
                capacity=_int(raw.get("capacity"), f"{where}.capacity"),
            )
        )
    return Instance(start, horizon, policy, teams, people, sessions)


# -- the rules ----------------------------------------------------------------


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


# -- solving ------------------------------------------------------------------


@dataclass
class _Network:
    instance: Instance
    days: list[date]  # days with session capacity, in order
    day_capacity: dict[date, int]
    team_caps: dict[tuple[str, date], int]
    # person index -> [(day, rest?)]
    options: list[list[tuple[date, bool]]]


def _network(instance: Instance) -> _Network:
    horizon_end = instance.start + timedelta(days=instance.horizon_days)
    day_capacity: dict[date, int] = defaultdict(int)
    for session in instance.sessions:
        if instance.start <= session.date < horizon_end and session.capacity > 0:
            day_capacity[session.date] += session.capacity
    days = sorted(day_capacity)
    members = defaultdict(list)
    for person in instance.people:
        members[person.team].append(person)
    team_caps = {}
    for team_id, team in instance.teams.items():
        for day in days:
            team_caps[team_id, day] = free_cap(instance, team, day, members[team_id])
    options = []
    for person in instance.people:
        mine = []
        if not person.needs:
            options.append(mine)
            continue
        for day in days:
            if team_caps[person.team, day] < 1:
                continue
            ok, rest = eligible(instance, person, day)
            if ok:
                mine.append((day, rest))
        options.append(mine)
    return _Network(instance, days, dict(day_capacity), team_caps, options)


def _max_flow(net: _Network, last_day: date | None) -> int:
    """Most people who can be assigned using days up to `last_day`."""
    solver = max_flow.SimpleMaxFlow()
    people = len(net.instance.people)
    source, sink = 0, 1
    team_day_node: dict[tuple[str, date], int] = {}
    day_node: dict[date, int] = {}
    next_node = 2 + people
    for index, person in enumerate(net.instance.people):
        usable = [
            d for d, _rest in net.options[index] if last_day is None or d <= last_day
        ]
        if not usable:
            continue
        solver.add_arc_with_capacity(source, 2 + index, 1)
        for day in usable:
            key = (person.team, day)
            if key not in team_day_node:
                team_day_node[key] = next_node
                next_node += 1
                if day not in day_node:
                    day_node[day] = next_node
                    next_node += 1
                    solver.add_arc_with_capacity(
                        day_node[day], sink, net.day_capacity[day]
                    )
                solver.add_arc_with_capacity(
                    team_day_node[key], day_node[day], net.team_caps[key]
                )
            solver.add_arc_with_capacity(2 + index, team_day_node[key], 1)
    if not team_day_node:
        return 0
    status = solver.solve(source, sink)
    if status != solver.OPTIMAL:  # pragma: no cover - OR-Tools failure
        raise RuntimeError(f"max flow failed with status {status}")
    return solver.optimal_flow()


def _balanced(net: _Network, last_day: date, value: int) -> dict[int, date]:
    """A flow of `value` people on days <= last_day, spreading each team's
    load (square costs per team-day) and avoiding rest days."""
    solver = min_cost_flow.SimpleMinCostFlow()
    instance = net.instance
    people = len(instance.people)
    source, sink = 0, 1
    team_day_node: dict[tuple[str, date], int] = {}
    day_node: dict[date, int] = {}
    next_node = 2 + people
    person_arcs: list[tuple[int, int, date]] = []
    for index, person in enumerate(instance.people):
        usable = [(d, r) for d, r in net.options[index] if d <= last_day]
        if not usable:
            continue
        solver.add_arc_with_capacity_and_unit_cost(source, 2 + index, 1, 0)
        for day, rest in usable:
            key = (person.team, day)
            if key not in team_day_node:
                team_day_node[key] = next_node
                next_node += 1
                if day not in day_node:
                    day_node[day] = next_node
                    next_node += 1
                    solver.add_arc_with_capacity_and_unit_cost(
                        day_node[day], sink, net.day_capacity[day], 0
                    )
                # Convex cost: the k-th person of a team on a day costs 2k - 1,
                # so a team's total is the sum of its squared daily loads.
                for k in range(1, net.team_caps[key] + 1):
                    solver.add_arc_with_capacity_and_unit_cost(
                        team_day_node[key], day_node[day], 1, 2 * k - 1
                    )
            arc = solver.add_arc_with_capacity_and_unit_cost(
                2 + index, team_day_node[key], 1, REST_DAY_COST if rest else 0
            )
            person_arcs.append((arc, index, day))
    solver.set_node_supply(source, value)
    solver.set_node_supply(sink, -value)
    status = solver.solve()
    if status != solver.OPTIMAL:  # pragma: no cover - the max flow proved it feasible
        raise RuntimeError(f"min cost flow failed with status {status}")
    chosen = {}
    for arc, index, day in person_arcs:
        if solver.flow(arc) > 0:
            chosen[index] = day
    return chosen


def plan(instance: Instance) -> Plan:
    began = time.perf_counter()
    net = _network(instance)
    result = Plan()
    best = _max_flow(net, None) if net.days else 0
    if best == 0:
        result.unassigned = [p.id for p in instance.people if p.needs]
        result.solve_seconds = time.perf_counter() - began
        return result
    # The earliest day by which `best` people fit: binary search (monotone).
    low, high = 0, len(net.days) - 1
    while low < high:
        middle = (low + high) // 2
        if _max_flow(net, net.days[middle]) >= best:
            high = middle
        else:
            low = middle + 1
    finish = net.days[low]
    chosen = _balanced(net, finish, best)
    # Split each day among its sessions, in session order.
    free = {s.id: s.capacity for s in instance.sessions}
    sessions_on = defaultdict(list)
    for session in sorted(instance.sessions, key=lambda s: (s.date, s.start, s.id)):
        sessions_on[session.date].append(session)
    for index, person in enumerate(instance.people):
        day = chosen.get(index)
        if day is None:
            if person.needs:
                result.unassigned.append(person.id)
            continue
        session = next(s for s in sessions_on[day] if free[s.id] > 0)
        free[session.id] -= 1
        result.assignments.append((person.id, session.id))
        if instance.teams[person.team].code_on(day) == REST:
            result.rest_day_assignments += 1
    result.finish_date = max(chosen.values())
    result.lower_bound_date = finish
    result.solve_seconds = time.perf_counter() - began
    return result


def plan_check(instance: Instance, result: Plan) -> list[str]:
    """Every hard rule, checked from scratch; returns the breaches (none expected)."""
    problems = []
    people = {p.id: p for p in instance.people}
    sessions = {s.id: s for s in instance.sessions}
    horizon_end = instance.start + timedelta(days=instance.horizon_days)
    seen = set()
    per_session = defaultdict(int)
    per_team_day = defaultdict(int)
    members = defaultdict(list)
    for person in instance.people:
        members[person.team].append(person)
    for person_id, session_id in result.assignments:
        if person_id in seen:
            problems.append(f"{person_id} attends twice")
        if not people[person_id].needs:
            problems.append(f"{person_id} needs no session")
        seen.add(person_id)
        person, session = people[person_id], sessions[session_id]
        if not instance.start <= session.date < horizon_end:
            problems.append(f"{session_id} is outside the horizon")
        ok, _rest = eligible(instance, person, session.date)
        if not ok:
            problems.append(f"{person_id} may not attend on {session.date}")
        per_session[session_id] += 1
        per_team_day[person.team, session.date] += 1
    for session_id, count in per_session.items():
        if count > sessions[session_id].capacity:
            problems.append(f"{session_id} is over capacity")
    for (team_id, day), count in per_team_day.items():
        cap = free_cap(instance, instance.teams[team_id], day, members[team_id])
        if count > cap:
            problems.append(f"team {team_id} over its cap on {day}")
    return problems


def plan_file(instance_path: str, out_path: str) -> dict:
    with open(instance_path, encoding="utf-8") as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as error:
            raise InstanceInvalid(f"instance: not valid JSON ({error})") from error
    instance = instance_parse(data)
    result = plan(instance).as_json(instance)
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    return result
