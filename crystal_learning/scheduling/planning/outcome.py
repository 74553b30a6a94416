"""What a plan's preview shows besides the assignments: the team x day load
against the cap, each team's strength left on each shift against its minimum,
and why each person who could not be placed was not. Reads the instance and the
solver's plan only (no queries)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from . import problem
from .instance import Built

#: Why someone could not be placed, most basic first (plan_views shows them).
NO_ROSTER = "no_roster"
ALWAYS_ABSENT = "always_absent"
NO_SHIFT = "no_shift"
AT_MINIMUM = "at_minimum"
SESSIONS_FULL = "sessions_full"


def _members(instance: problem.Instance) -> defaultdict[str, list]:
    members = defaultdict(list)
    for person in instance.people:
        members[person.team].append(person)
    return members


def _loads(built: Built, result: problem.Plan) -> tuple[defaultdict, defaultdict]:
    """People in training per (team, day) and per (team, day, code): published
    and planned (people on restricted duties take nobody off strength)."""
    instance = built.instance
    load = defaultdict(int, instance.fixed_load)
    code_load = defaultdict(int, instance.fixed_code_load)
    specs = {p.id: p for p in instance.people}
    session_days = {s.id: s.date for s in instance.sessions}
    for person_id, session_id in result.assignments:
        spec, day = specs[person_id], session_days[session_id]
        if spec.restricted_on(day):
            continue
        load[spec.team, day] += 1
        code_load[spec.team, day, problem.duty_code(instance, spec, day)] += 1
    return load, code_load


def session_days(instance: problem.Instance) -> list[date]:
    return sorted({s.date for s in instance.sessions})


def heat_map(built: Built, result: problem.Plan) -> dict:
    """Team x day: people in training (published + planned) against the cap."""
    instance = built.instance
    members = _members(instance)
    load, _code_load = _loads(built, result)
    days = session_days(instance)
    rows = []
    for team_id, team in sorted(instance.teams.items()):
        cells = []
        for day in days:
            cap = problem.team_cap(instance, team, day, members[team_id])
            cells.append([load.get((team_id, day), 0), cap])
        rows.append({"team": team_id, "cells": cells})
    return {"days": [d.isoformat() for d in days], "rows": rows}


def shift_map(built: Built, result: problem.Plan) -> dict:
    """Team x shift x day: the strength left on the shift once the plan's
    people are in training, against the shift's minimum (None: none), and how
    many are in training. Working shifts only (not rest days)."""
    instance = built.instance
    members = _members(instance)
    _load, code_load = _loads(built, result)
    days = session_days(instance)
    rows = []
    for team_id, team in sorted(instance.teams.items()):
        strength = defaultdict(int)  # (day, code) -> operational people on it
        for person in members[team_id]:
            for day in days:
                if person.operational_on(day):
                    strength[day, problem.duty_code(instance, person, day)] += 1
        codes = sorted({code for _day, code in strength} - {problem.REST})
        for code in codes:
            cells = []
            for day in days:
                training = code_load.get((team_id, day, code), 0)
                on = strength.get((day, code), 0)
                if on == 0 and training == 0:
                    cells.append(None)  # nobody on this shift that day
                    continue
                minimum = problem.code_minimum(team, code, day)
                cells.append([on - training, minimum, training])
            rows.append({"team": team_id, "code": code, "cells": cells})
    return {"days": [d.isoformat() for d in days], "rows": rows}


def _strength(instance, members: list, day: date) -> dict[str, int]:
    """Operational people on each code that day."""
    on = defaultdict(int)
    for person in members:
        if person.operational_on(day):
            on[problem.duty_code(instance, person, day)] += 1
    return on


def unplaced_reasons(built: Built, result: problem.Plan) -> dict[str, str]:
    """Person pk -> why they could not be placed (one of the reasons above)."""
    instance = built.instance
    members = _members(instance)
    load, code_load = _loads(built, result)
    specs = {p.id: p for p in instance.people}
    reasons = {str(p.pk): NO_ROSTER for p in built.no_pattern}
    strength: dict[tuple[str, date], dict[str, int]] = {}
    for person_id in result.unassigned:
        spec = specs[person_id]
        if all(spec.absent_on(day) for day in instance.days):
            reasons[person_id] = ALWAYS_ABSENT
            continue
        open_sessions = [
            s for s in instance.sessions if problem.may_attend(instance, spec, s)
        ]
        if not open_sessions:
            reasons[person_id] = NO_SHIFT
            continue
        team = instance.teams[spec.team]

        def full(session, spec=spec, team=team) -> bool:
            day = session.date
            cap = problem.team_cap(instance, team, day, members[team.id])
            if load.get((team.id, day), 0) >= cap:
                return True
            code = problem.duty_code(instance, spec, day)
            minimum = problem.code_minimum(team, code, day)
            if minimum is None:
                return False
            if (team.id, day) not in strength:
                strength[team.id, day] = _strength(instance, members[team.id], day)
            on = strength[team.id, day].get(code, 0)
            return on - code_load.get((team.id, day, code), 0) <= minimum

        if all(full(s) for s in open_sessions):
            reasons[person_id] = AT_MINIMUM
        else:
            reasons[person_id] = SESSIONS_FULL
    return reasons
