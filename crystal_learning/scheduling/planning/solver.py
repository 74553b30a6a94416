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

Minimums per duty code (issue 19) nest inside the team-day cap, so they add a
(team, day, code) node and the network stays exact; people on restricted
duties bypass both caps. Sessions with a duty code break the argument (the
day's places are no longer interchangeable): then two flow relaxations bound
the answer, flow plans (fitted, then a split restriction) try to reach the
bounds, and an integer programme settles what they leave open when it is
small enough (docs/planner.md, "Sessions with codes").

The pieces: `network` (the problem as a network's data), `flows` (the flow
graphs and their solves), `split` (the flow plans for sessions with codes),
`exact` (the integer programme); this module joins them.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from .exact import _exact
from .flows import _balanced, _code_max_flow, _earliest, _max_flow
from .network import _Network, _network
from .problem import (
    REST,
    Instance,
    Plan,
    code_cap,
    code_strength,
    duty_code,
    free_cap,
    may_attend,
    session_refusal,
)
from .split import _fit, _split_plan


def _sessions_of(instance: Instance, chosen: dict[int, date], net: _Network, result):
    """Each chosen person into a session that day: one of their code first,
    else an open one (sessions in order)."""
    free = {s.id: s.capacity for s in instance.sessions}
    ignored = {session_id for session_id, _why in net.ignored}
    sessions_on = defaultdict(list)
    for session in sorted(instance.sessions, key=lambda s: (s.date, s.start, s.id)):
        if session.id not in ignored:
            sessions_on[session.date, session.code].append(session)
    for index, person in enumerate(instance.people):
        day = chosen.get(index)
        if day is None:
            if person.needs:
                result.unassigned.append(person.id)
            continue
        code = duty_code(instance, person, day)
        session = next(
            (s for s in sessions_on[day, code] if free[s.id] > 0), None
        ) or next(s for s in sessions_on[day, None] if free[s.id] > 0)
        free[session.id] -= 1
        result.assignments.append((person.id, session.id))
        if code == REST:
            result.rest_day_assignments += 1


def plan(instance: Instance, progress: Callable[[str], None] | None = None) -> Plan:
    """The plan; `progress` hears a line at each stage (a long solve shows it)."""
    began = time.perf_counter()

    def say(line: str) -> None:
        if progress is not None:
            progress(f"{time.perf_counter() - began:7.1f} s  {line}")

    net = _network(instance)
    result = Plan(ignored_sessions=list(net.ignored))
    for session_id, why in net.ignored:
        say(f"session {session_id} ignored: {why}")
    say(f"{len(instance.people)} people, {len(net.days)} days with sessions")
    if net.coded:
        return _plan_coded(net, result, say, began)
    best = _max_flow(net, None) if net.days else 0
    say(f"at most {best} can be placed")
    if best == 0:
        result.unassigned = [p.id for p in instance.people if p.needs]
        result.solve_seconds = time.perf_counter() - began
        return result
    # The earliest day by which `best` people fit: binary search (monotone).
    finish = net.days[_earliest(net, _max_flow, best, say)]
    say(f"earliest finish {finish}; balancing the days")
    chosen = _balanced(net, finish, best)
    _sessions_of(instance, chosen, net, result)
    result.finish_date = max(chosen.values())
    result.lower_bound_date = finish
    result.solve_seconds = time.perf_counter() - began
    return result


def _plan_coded(net: _Network, result: Plan, say, began: float) -> Plan:
    """Sessions with codes: the team-side flow plan fitted to the sessions'
    codes; optimal when it reaches both relaxations' bounds (the most people
    either allows, the earliest day either allows that many by), else the
    integer programme when small enough, else the flow plan and the bound."""
    instance = net.instance
    by_team = _max_flow(net, None)
    by_code = _code_max_flow(net, None)
    upper = min(by_team, by_code)
    say(
        f"at most {upper} can be placed ({by_team} under team caps, {by_code} "
        "under session codes)"
    )
    if upper == 0:
        result.unassigned = [p.id for p in instance.people if p.needs]
        result.solve_seconds = time.perf_counter() - began
        return result
    team_day = _earliest(net, _max_flow, by_team, say)
    say(f"team-side earliest finish {net.days[team_day]}; balancing the days")
    chosen = _fit(net, _balanced(net, net.days[team_day], by_team))
    say(f"fitted to the sessions' codes: {len(chosen)} placed")
    bounds: dict[int, int] = {}

    def bound_for(people: int) -> int:
        """The earliest day (index) by which both relaxations place `people`."""
        if not people:
            return 0
        if people not in bounds:
            by_team_day = (
                team_day
                if people == by_team
                else _earliest(net, _max_flow, people, say)
            )
            bounds[people] = _earliest(
                net, _code_max_flow, people, say, low=by_team_day
            )
        return bounds[people]

    if len(chosen) < upper or (chosen and max(chosen.values()) > net.days[team_day]):
        chosen = _split_plan(net, chosen, say, bound_for, upper)
    count = len(chosen)
    finish = net.days.index(max(chosen.values())) if chosen else 0
    say(f"flow plan: {count} placed, finish {net.days[finish]}")

    bound = bound_for(count) if count == upper else None
    result.method = "flow"
    if bound is None or finish > bound:
        exact = _exact(net, upper=upper, bound_for=bound_for, known=chosen, say=say)
        if exact is None:
            result.method = "flow+bound"
            bound = bound_for(count) if bound is None else bound
        else:
            chosen, bound, proven = exact
            result.method = "mip" if proven else "mip+bound"
    if chosen:
        say(f"finish {max(chosen.values())}, bound {net.days[bound]} ({result.method})")
    _sessions_of(instance, chosen, net, result)
    if chosen:
        result.finish_date = max(chosen.values())
        result.lower_bound_date = net.days[bound]
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
    per_team_day_code = defaultdict(int)
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
        if session_refusal(instance, session) is not None:
            problems.append(f"{session_id} is on a code nobody trains on")
        if not may_attend(instance, person, session):
            problems.append(f"{person_id} may not attend {session_id}")
        per_session[session_id] += 1
        if not person.restricted_on(session.date):
            per_team_day[person.team, session.date] += 1
            code = duty_code(instance, person, session.date)
            per_team_day_code[person.team, session.date, code] += 1
    for session_id, count in per_session.items():
        if count > sessions[session_id].capacity:
            problems.append(f"{session_id} is over capacity")
    for (team_id, day), count in per_team_day.items():
        cap = free_cap(instance, instance.teams[team_id], day, members[team_id])
        if count > cap:
            problems.append(f"team {team_id} over its cap on {day}")
    for (team_id, day, code), count in per_team_day_code.items():
        team = instance.teams[team_id]
        strength = code_strength(instance, members[team_id], code, day)
        cap = code_cap(instance, team, code, day, strength)
        if cap is not None and count > cap:
            problems.append(f"team {team_id} below its {code} minimum on {day}")
    return problems
