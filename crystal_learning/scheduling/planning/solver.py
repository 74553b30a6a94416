"""The solver: who attends which session, under abstraction rules.

Pure Python and OR-Tools; no database. `plan` solves a problem, `plan_check`
checks a result against every hard rule from scratch.

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

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ortools.graph.python import max_flow, min_cost_flow

from .problem import REST, Instance, Plan, eligible, free_cap

REST_DAY_COST = 1_000  # per person: far above any spreading cost


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


def plan(instance: Instance, progress: Callable[[str], None] | None = None) -> Plan:
    """The plan; `progress` hears a line at each stage (a long solve shows it)."""
    began = time.perf_counter()

    def say(line: str) -> None:
        if progress is not None:
            progress(f"{time.perf_counter() - began:7.1f} s  {line}")

    net = _network(instance)
    say(f"{len(instance.people)} people, {len(net.days)} days with sessions")
    result = Plan()
    best = _max_flow(net, None) if net.days else 0
    say(f"at most {best} can be placed")
    if best == 0:
        result.unassigned = [p.id for p in instance.people if p.needs]
        result.solve_seconds = time.perf_counter() - began
        return result
    # The earliest day by which `best` people fit: binary search (monotone).
    low, high = 0, len(net.days) - 1
    while low < high:
        say(f"finish between {net.days[low]} and {net.days[high]}")
        middle = (low + high) // 2
        if _max_flow(net, net.days[middle]) >= best:
            high = middle
        else:
            low = middle + 1
    finish = net.days[low]
    say(f"earliest finish {finish}; balancing the days")
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
