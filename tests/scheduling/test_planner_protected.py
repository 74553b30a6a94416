"""The planner's extended format (issue 19): per-person rosters, typed absences
(restricted duties), minimum strength per duty code (per day of week) and
sessions inside a shift. No rule is ever broken, the optimum matches a brute
force, and old instances give the same plans as before."""

from __future__ import annotations

import itertools
import json
import math
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from crystal_learning.scheduling.planning import solver
from crystal_learning.scheduling.planning.instance_file import (
    InstanceInvalid,
    instance_parse,
)
from crystal_learning.scheduling.planning.problem import Plan, SessionSpec
from crystal_learning.scheduling.planning.solver import plan, plan_check

ROOT = Path(settings.BASE_DIR)
GOLDEN = Path(__file__).parent / "planner_golden"
EXAMPLE = ROOT / "docs" / "examples" / "plan-instance-protected.json"
START = date(2027, 1, 4)  # a Monday
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# -- the rules, written again from the text (not from the planner) ----


def code_on(data: dict, person: dict, day: date) -> str:
    team = next(t for t in data["teams"] if t["id"] == person["team"])
    if person.get("pattern"):
        since = person.get("pattern_start")
        anchor = date.fromisoformat(since or team["pattern_start"])
        if since is None or day >= anchor:
            return person["pattern"][(day - anchor).days % len(person["pattern"])]
    start = date.fromisoformat(team["pattern_start"])
    return team["pattern"][(day - start).days % len(team["pattern"])]


def spans(person: dict) -> list[tuple[date, date, str]]:
    out = []
    for a in person["absences"]:
        if isinstance(a, dict):
            out.append((a["from"], a["to"], a.get("type") or "annual_leave"))
        else:
            out.append((a[0], a[1], "annual_leave"))
    return [(date.fromisoformat(f), date.fromisoformat(t), k) for f, t, k in out]


def off(person: dict, day: date) -> bool:
    return any(f <= day <= t and k != "restricted_duties" for f, t, k in spans(person))


def restricted(person: dict, day: date) -> bool:
    return not off(person, day) and any(
        f <= day <= t and k == "restricted_duties" for f, t, k in spans(person)
    )


def minimum(team: dict, code: str, day: date):
    rule = (team.get("min_staffing_by_code") or {}).get(code)
    if isinstance(rule, dict):
        rule = rule.get(DAYS[day.weekday()], rule.get("default"))
    return rule


def valid(data: dict, choice: dict[str, str | None]) -> bool:
    sessions = {s["id"]: s for s in data["sessions"]}
    teams = {t["id"]: t for t in data["teams"]}
    policy = data["policy"]
    per_session: dict[str, int] = {}
    per_team_day: dict[tuple, int] = {}
    per_code: dict[tuple, int] = {}
    for person in data["people"]:
        sid = choice.get(person["id"])
        if sid is None:
            continue
        session = sessions[sid]
        day = date.fromisoformat(session["date"])
        if day >= START + timedelta(days=data["horizon_days"]) or day < START:
            return False
        code = code_on(data, person, day)
        if off(person, day) or code not in policy["training_duty_codes"]:
            return False
        if session.get("code") is not None and session["code"] != code:
            return False
        per_session[sid] = per_session.get(sid, 0) + 1
        if not restricted(person, day):  # takes nobody off operational strength
            key = (person["team"], day)
            per_team_day[key] = per_team_day.get(key, 0) + 1
            per_code[(*key, code)] = per_code.get((*key, code), 0) + 1
    for sid, n in per_session.items():
        if n > sessions[sid]["capacity"]:
            return False

    def operational(team_id, day):
        return [
            p
            for p in data["people"]
            if p["team"] == team_id and not off(p, day) and not restricted(p, day)
        ]

    for (team_id, day), n in per_team_day.items():
        on_duty = len(operational(team_id, day))
        least = teams[team_id]["min_staffing"] or 0
        cap = min(
            max(policy["min_release"], math.floor(policy["cap_share"] * on_duty)),
            on_duty - least,
        )
        if cap < 1 or n > cap:
            return False
    for (team_id, day, code), n in per_code.items():
        least = minimum(teams[team_id], code, day)
        if least is None:
            continue
        left = sum(
            1 for p in operational(team_id, day) if code_on(data, p, day) == code
        )
        if left - n < least:  # those on the code, not absent, not training
            return False
    return True


def brute_force(data: dict) -> tuple[int, date | None]:
    """(most people assigned, earliest finish among plans assigning that many)."""
    options = [None, *[s["id"] for s in data["sessions"]]]
    best, finish = 0, None
    dates = {s["id"]: date.fromisoformat(s["date"]) for s in data["sessions"]}
    ids = [p["id"] for p in data["people"]]
    for combo in itertools.product(options, repeat=len(ids)):
        count = sum(1 for c in combo if c)
        if count < best:
            continue
        last = max((dates[c] for c in combo if c), default=None)
        if count == best and finish is not None and last >= finish:
            continue
        if not valid(data, dict(zip(ids, combo, strict=True))):
            continue
        best, finish = count, last
    return best, finish


CODES = ["E", "L", "N", "R", "D", "E", "L"]


def a_date(draw, low: int, high: int) -> str:
    return (START + timedelta(days=draw(st.integers(low, high)))).isoformat()


@st.composite
def protected_force(draw):
    training = draw(st.lists(st.sampled_from(["E", "L", "D"]), min_size=2, unique=True))
    horizon = draw(st.integers(3, 8))
    team_count = draw(st.integers(1, 2))
    teams = []
    for t in range(team_count):
        minimums = {}
        for code in draw(st.lists(st.sampled_from(["E", "L", "D"]), unique=True)):
            if draw(st.booleans()):
                minimums[code] = draw(st.integers(0, 1))
            else:
                minimums[code] = {
                    draw(st.sampled_from(["default", "tue", "wed", "sat"])): (
                        draw(st.integers(0, 1))
                    )
                }
        teams.append(
            {
                "id": f"T{t}",
                "pattern": draw(
                    st.lists(st.sampled_from(CODES), min_size=1, max_size=4)
                ),
                "pattern_start": a_date(draw, -3, 0),
                "min_staffing": draw(st.one_of(st.none(), st.integers(0, 1))),
                "min_staffing_by_code": minimums,
            }
        )
    people = []
    for n in range(draw(st.integers(2, 5))):
        person = {
            "id": f"P{n}",
            "team": f"T{draw(st.integers(0, team_count - 1))}",
            "absences": [],
        }
        if draw(st.booleans()):
            person["pattern"] = draw(
                st.lists(st.sampled_from(CODES), min_size=1, max_size=4)
            )
            if draw(st.booleans()):
                person["pattern_start"] = a_date(draw, -2, 5)
        for _ in range(draw(st.integers(0, 2))):
            first = draw(st.integers(0, 6))
            span = [a_date(draw, first, first), a_date(draw, first, first + 2)]
            kind = draw(
                st.sampled_from([None, "sickness", "restricted_duties", "course"])
            )
            if kind is None:
                person["absences"].append(span)
            else:
                person["absences"].append(
                    {"from": span[0], "to": span[1], "type": kind}
                )
        people.append(person)
    sessions = [
        {
            "id": f"S{n}",
            "date": a_date(draw, 0, horizon),  # the last one is outside
            "start": "10:00",
            "end": "11:30",
            "capacity": draw(st.sampled_from([0, 1, 1, 2, 2])),
            "code": draw(st.one_of(st.none(), st.sampled_from(training))),
        }
        for n in range(draw(st.integers(1, 5)))
    ]
    return {
        "start": START.isoformat(),
        "horizon_days": horizon,
        "policy": {
            "cap_share": draw(st.sampled_from([0.0, 0.1, 0.34, 0.5, 1.0])),
            "min_release": draw(st.integers(1, 2)),
            "training_duty_codes": training,
        },
        "teams": teams,
        "people": people,
        "sessions": sessions,
    }


@hsettings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(protected_force())
def test_protected_plans_keep_every_rule_and_match_the_brute_force(data):
    instance = instance_parse(data)
    result = plan(instance)
    assert valid(data, dict(result.assignments))
    assert plan_check(instance, result) == []
    best, finish = brute_force(data)
    assert len(result.assignments) == best
    assert result.finish_date == finish
    assert len(result.assignments) + len(result.unassigned) == len(data["people"])
    assert result.method in ("flow", "mip")  # small: always proven
    if best:
        assert result.lower_bound_date == result.finish_date
        assert result.ratio(instance) == 1.0


@pytest.mark.parametrize(
    "name", sorted(p.name.split(".")[0] for p in GOLDEN.glob("*.instance.json"))
)
def test_old_instances_give_the_same_plans_as_before(name):
    """Plans made by the planner before issue 19 (planner_golden/)."""
    data = json.loads((GOLDEN / f"{name}.instance.json").read_text())
    instance = instance_parse(data)
    got = plan(instance).as_json(instance)
    got.pop("solve_seconds")
    assert got == json.loads((GOLDEN / f"{name}.plan.json").read_text())


def test_the_protected_example_through_the_cli(tmp_path):
    out = tmp_path / "plan.json"
    call_command("crystal_plan", instance=str(EXAMPLE), out=str(out))
    data = json.loads(EXAMPLE.read_text())
    result = json.loads(out.read_text())
    instance = instance_parse(data)
    people = {p["id"]: p for p in data["people"]}
    sessions = {s["id"]: s for s in data["sessions"]}
    assert result["ratio"] == 1.0
    assert result["finish_date"] == result["lower_bound_date"]
    assert valid(data, {a["person"]: a["session"] for a in result["assignments"]})
    # Each slot is inside the shift the person works that day, never a night.
    for a in result["assignments"]:
        session = sessions[a["session"]]
        day = date.fromisoformat(session["date"])
        if session.get("code"):
            assert code_on(data, people[a["person"]], day) == session["code"] != "N"
    # The person on their own roster and the one on restricted duties are placed.
    placed = {a["person"] for a in result["assignments"]}
    assert {"D2009", "D2010"} <= placed
    assert plan_check(instance, plan(instance)) == []


def test_a_night_session_is_refused_with_a_clear_message(tmp_path):
    data = json.loads(EXAMPLE.read_text())
    data["sessions"][0]["code"] = "N"
    path = tmp_path / "night.json"
    path.write_text(json.dumps(data))
    with pytest.raises(
        CommandError, match="sessions\\[0\\].code: code 'N' \\(nights\\)"
    ):
        call_command("crystal_plan", instance=str(path), out=str(tmp_path / "o.json"))


def test_a_night_session_from_elsewhere_gets_nobody_and_is_reported():
    data = json.loads(EXAMPLE.read_text())
    instance = instance_parse(data)
    first = instance.sessions[0]
    instance.sessions[0] = SessionSpec(
        first.id, first.date, first.start, first.end, first.capacity, code="N"
    )
    said = []
    result = plan(instance, progress=said.append)
    assert first.id not in {s for _p, s in result.assignments}
    assert result.as_json(instance)["ignored_sessions"][0]["session"] == first.id
    assert any("never placed on nights" in line for line in said)
    assert plan_check(instance, result) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["people"][0].update(
                absences=[{"from": "2027-01-04", "to": "2027-01-05", "type": "gym"}]
            ),
            "people[0].absences[0].type: 'gym' is not one of",
        ),
        (
            lambda d: d["people"][0].update(absences=[{"from": "2027-01-04"}]),
            "people[0].absences[0].to: expected an ISO date",
        ),
        (
            lambda d: d["people"][1].update(pattern=[], pattern_start="2027-01-04"),
            "people[1].pattern: expected a non-empty list of codes",
        ),
        (
            lambda d: d["people"][1].update(pattern=None, pattern_start="2027-01-04"),
            "people[1].pattern_start: given without a pattern",
        ),
        (
            lambda d: d["teams"][0].update(min_staffing_by_code={"E": {"someday": 3}}),
            "teams[0].min_staffing_by_code.E.someday: expected default or a day",
        ),
        (
            lambda d: d["teams"][0].update(min_staffing_by_code={"L": -1}),
            "teams[0].min_staffing_by_code.L: must be at least 0",
        ),
        (
            lambda d: d["sessions"][1].update(code="X"),
            "sessions[1].code: code 'X' is not a training duty code",
        ),
    ],
)
def test_invalid_extended_fields_name_the_field(tmp_path, change, message):
    data = json.loads(EXAMPLE.read_text())
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as raised:
        call_command("crystal_plan", instance=str(path), out=str(tmp_path / "o.json"))
    assert message in str(raised.value)
    with pytest.raises(InstanceInvalid):
        instance_parse(data)


@hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(protected_force())
def test_the_integer_programme_alone_matches_the_brute_force(data):
    """The integer programme (used when the flow plan is not proven optimal) from
    nothing: the most people and the earliest finish, every rule kept."""
    instance = instance_parse(data)
    net = solver._network(instance)
    upper = solver._code_max_flow(net, None) if net.days else 0
    best, finish = brute_force(data)
    if not upper:
        assert best == 0
        return
    chosen, finish_index, proven = solver._exact(
        net, upper=upper, bound_for=lambda people: 0, known={}, say=print
    )
    assert proven
    result = Plan()
    solver._sessions_of(instance, chosen, net, result)
    assert plan_check(instance, result) == []
    assert valid(data, dict(result.assignments))
    assert len(chosen) == best
    assert (max(chosen.values()) if chosen else None) == finish
    if chosen:
        assert net.days[finish_index] == finish


@hsettings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(protected_force())
def test_the_split_network_only_makes_plans_that_keep_every_rule(data):
    """The restriction used at scale (each several-code team-day's cap split
    among its codes beforehand): every plan it makes keeps every rule and
    places at least as many as the plan it starts from."""
    instance = instance_parse(data)
    net = solver._network(instance)
    if not net.days:
        return
    by_team = solver._max_flow(net, None)
    starts = [{}]
    if by_team:
        starts.append(solver._fit(net, solver._balanced(net, net.days[-1], by_team)))
    for known in starts:
        chosen = solver._split_plan(
            net, known, say=lambda line: None, bound_for=lambda people: 0
        )
        assert len(chosen) >= len(known)
        result = Plan()
        solver._sessions_of(instance, chosen, net, result)
        assert plan_check(instance, result) == []
        assert valid(data, dict(result.assignments))
