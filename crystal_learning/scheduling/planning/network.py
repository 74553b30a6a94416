"""The problem as the data of a flow network: the days with places, each
team's cap per day (and per duty code), and the days each person may attend.

`_network` reads an `Instance` once; the graphs built from it are in `flows`
(team-side and code-side) and `split` (the split restriction).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from .problem import (
    RESTRICTED_DUTIES,
    Instance,
    TeamSpec,
    absence_table,
    code_cap,
    duty_code_table,
    eligible,
    free_cap,
    session_refusal,
    training_codes,
)

REST_DAY_COST = 1_000  # per person: far above any spreading cost
UNLIMITED = 1 << 40

#: A day a person may attend: (day, on a rest day?, duty code, restricted duties?)
Option = tuple[date, bool, str, bool]


@dataclass
class _Network:
    instance: Instance
    days: list[date]  # days with session capacity, in order
    day_capacity: dict[date, int]
    team_caps: dict[tuple[str, date], int]
    options: list[list[Option]]  # person index -> the days they may attend
    code_caps: dict[tuple[str, date, str], int] = field(default_factory=dict)
    code_capacity: dict[tuple[date, str], int] = field(default_factory=dict)
    open_capacity: dict[date, int] = field(default_factory=dict)
    coded: bool = False  # some usable session has a code
    ignored: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Places:
    """The places of the usable sessions in the horizon, and the sessions
    left out with the reason."""

    by_day: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    by_code: dict[tuple[date, str], int] = field(
        default_factory=lambda: defaultdict(int)
    )
    open: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    ignored: list[tuple[str, str]] = field(default_factory=list)


def _places(instance: Instance) -> _Places:
    horizon_end = instance.start + timedelta(days=instance.horizon_days)
    places = _Places()
    trained_on = training_codes(instance)
    for session in instance.sessions:
        if not (instance.start <= session.date < horizon_end and session.capacity > 0):
            continue
        refusal = session_refusal(instance, session, trained_on)
        if refusal is not None:
            places.ignored.append((session.id, refusal))
            continue
        places.by_day[session.date] += session.capacity
        if session.code is None:
            places.open[session.date] += session.capacity
        else:
            places.by_code[session.date, session.code] += session.capacity
    return places


def _code_strengths(
    team: TeamSpec,
    day: date,
    d_index: int,
    on_duty: int,
    own: list[int],
    away: list[dict[int, str]],
    codes: list[list[str]],
) -> dict[str, int]:
    """The strength on each code: the team's code for those on the team's
    pattern, each own-pattern person (`own`) on their own code."""
    strength: dict[str, int] = defaultdict(int)
    strength[team.code_on(day)] = on_duty
    for index in own:
        if d_index not in away[index]:
            strength[team.code_on(day)] -= 1
            strength[codes[index][d_index]] += 1
    return strength


def _caps(
    instance: Instance,
    days: list[date],
    away: list[dict[int, str]],
    codes: list[list[str]],
) -> tuple[dict[tuple[str, date], int], dict[tuple[str, date, str], int]]:
    """Each team's cap per day, and per (day, code) where it has a minimum."""
    members = defaultdict(list)
    indexes = defaultdict(list)
    for index, person in enumerate(instance.people):
        members[person.team].append(person)
        indexes[person.team].append(index)
    team_caps = {}
    code_caps = {}
    for team_id, team in instance.teams.items():
        mine = indexes[team_id]
        own = [i for i in mine if instance.people[i].pattern]
        for d_index, day in enumerate(days):
            off = [i for i in mine if d_index in away[i]]
            on_duty = len(mine) - len(off)
            team_caps[team_id, day] = free_cap(
                instance, team, day, members[team_id], on_duty
            )
            if not team.min_staffing_by_code:
                continue
            strength = _code_strengths(team, day, d_index, on_duty, own, away, codes)
            for code in team.min_staffing_by_code:
                cap = code_cap(instance, team, code, day, strength[code])
                if cap is not None:
                    code_caps[team_id, day, code] = cap
    return team_caps, code_caps


def _options(
    instance: Instance,
    days: list[date],
    away: list[dict[int, str]],
    codes: list[list[str]],
    team_caps: dict[tuple[str, date], int],
    code_caps: dict[tuple[str, date, str], int],
    places: _Places,
) -> list[list[Option]]:
    """The days each person may attend (person index -> options)."""
    coded = bool(places.by_code)
    # Whether someone not absent may attend depends only on their team, code
    # and the day (`eligible`): asked once for each.
    asked: dict[tuple[str, str, date], tuple[bool, bool]] = {}
    options = []
    for index, person in enumerate(instance.people):
        mine: list[Option] = []
        options.append(mine)
        if not person.needs:
            continue
        team = person.team
        for d_index, day in enumerate(days):
            kind = away[index].get(d_index)
            restricted = kind == RESTRICTED_DUTIES
            if kind is not None and not restricted:
                continue  # absent
            code = codes[index][d_index]
            if not restricted:
                if team_caps[team, day] < 1:
                    continue
                if code_caps.get((team, day, code), 1) < 1:
                    continue
            if coded and not (
                places.by_code.get((day, code), 0) or places.open.get(day, 0)
            ):
                continue
            key = (team, code, day)
            if key not in asked:
                asked[key] = eligible(instance, person, day, code)
            ok, rest = asked[key]
            if ok:
                mine.append((day, rest, code, restricted))
    return options


def _network(instance: Instance) -> _Network:
    places = _places(instance)
    days = sorted(places.by_day)
    away = absence_table(instance, days)  # {day index: type} per person
    codes = duty_code_table(instance, days)
    team_caps, code_caps = _caps(instance, days, away, codes)
    options = _options(instance, days, away, codes, team_caps, code_caps, places)
    return _Network(
        instance,
        days,
        dict(places.by_day),
        team_caps,
        options,
        code_caps=code_caps,
        code_capacity=dict(places.by_code),
        open_capacity=dict(places.open),
        coded=bool(places.by_code),
        ignored=places.ignored,
    )


def _option_of(net: _Network, index: int, day: date) -> Option:
    return next(o for o in net.options[index] if o[0] == day)
