"""The planner: hard rules never broken, optimal against brute force, a CLI that
needs no database and names the field of a bad instance."""

from __future__ import annotations

import io
import itertools
import json
import math
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from crystal_learning.scheduling.planning.instance_file import (
    InstanceInvalid,
    instance_parse,
)
from crystal_learning.scheduling.planning.solver import plan, plan_check

ROOT = Path(settings.BASE_DIR)
EXAMPLE = ROOT / "docs" / "examples" / "plan-instance.json"
START = date(2027, 1, 4)


# -- the rules, written again from the text (not from the planner) ----


def code_on(team: dict, day: date) -> str:
    start = date.fromisoformat(team["pattern_start"])
    return team["pattern"][(day - start).days % len(team["pattern"])]


def absent(person: dict, day: date) -> bool:
    return any(
        date.fromisoformat(a) <= day <= date.fromisoformat(b)
        for a, b in person["absences"]
    )


def valid(data: dict, choice: dict[str, str | None]) -> bool:
    sessions = {s["id"]: s for s in data["sessions"]}
    teams = {t["id"]: t for t in data["teams"]}
    policy = data["policy"]
    per_session: dict[str, int] = {}
    per_team_day: dict[tuple, int] = {}
    for person in data["people"]:
        sid = choice.get(person["id"])
        if sid is None:
            continue
        day = date.fromisoformat(sessions[sid]["date"])
        if day >= START + timedelta(days=data["horizon_days"]) or day < START:
            return False
        if absent(person, day):
            return False
        if code_on(teams[person["team"]], day) not in policy["training_duty_codes"]:
            return False
        per_session[sid] = per_session.get(sid, 0) + 1
        key = (person["team"], day)
        per_team_day[key] = per_team_day.get(key, 0) + 1
    for sid, n in per_session.items():
        if n > sessions[sid]["capacity"]:
            return False
    for (team_id, day), n in per_team_day.items():
        on_duty = sum(
            1 for p in data["people"] if p["team"] == team_id and not absent(p, day)
        )
        minimum = teams[team_id]["min_staffing"] or 0
        cap = min(
            max(policy["min_release"], math.floor(policy["cap_share"] * on_duty)),
            on_duty - minimum,
        )
        if cap < 1 or n > cap:
            return False
    return True


def brute_force(data: dict) -> tuple[int, date | None]:
    """(most people assigned, earliest finish among plans assigning that many)."""
    options = [None, *[s["id"] for s in data["sessions"]]]
    best, finish = 0, None
    dates = {s["id"]: date.fromisoformat(s["date"]) for s in data["sessions"]}
    ids = [p["id"] for p in data["people"]]
    for combo in itertools.product(options, repeat=len(ids)):
        choice = dict(zip(ids, combo, strict=True))
        count = sum(1 for c in combo if c)
        if count < best:
            continue
        if not valid(data, choice):
            continue
        last = max((dates[c] for c in combo if c), default=None)
        if count > best or (last is not None and (finish is None or last < finish)):
            best, finish = count, last
    return best, finish


@st.composite
def small_force(draw):
    codes = ["E", "L", "N", "R", "D"]
    team_count = draw(st.integers(1, 2))
    teams = [
        {
            "id": f"T{t}",
            "pattern": draw(st.lists(st.sampled_from(codes), min_size=1, max_size=4)),
            "pattern_start": (
                START - timedelta(days=draw(st.integers(0, 3)))
            ).isoformat(),
            "min_staffing": draw(st.one_of(st.none(), st.integers(0, 3))),
        }
        for t in range(team_count)
    ]
    people = []
    for n in range(draw(st.integers(1, 5))):
        absences = []
        if draw(st.booleans()):
            first = START + timedelta(days=draw(st.integers(0, 5)))
            absences.append(
                [
                    first.isoformat(),
                    (first + timedelta(days=draw(st.integers(0, 2)))).isoformat(),
                ]
            )
        people.append(
            {
                "id": f"P{n}",
                "team": f"T{draw(st.integers(0, team_count - 1))}",
                "absences": absences,
            }
        )
    sessions = [
        {
            "id": f"S{n}",
            "date": (START + timedelta(days=draw(st.integers(0, 7)))).isoformat(),
            "start": "10:00",
            "end": "12:00",
            "capacity": draw(st.integers(0, 3)),
        }
        for n in range(draw(st.integers(1, 4)))
    ]
    return {
        "start": START.isoformat(),
        "horizon_days": draw(st.integers(3, 8)),
        "policy": {
            "cap_share": draw(st.sampled_from([0.0, 0.1, 0.34, 0.5, 1.0])),
            "min_release": draw(st.integers(0, 2)),
            "training_duty_codes": draw(
                st.lists(st.sampled_from(["E", "L", "D"]), min_size=1, unique=True)
            ),
        },
        "teams": teams,
        "people": people,
        "sessions": sessions,
    }


@hsettings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(small_force())
def test_plans_keep_every_rule_and_match_the_brute_force_optimum(data):
    instance = instance_parse(data)
    result = plan(instance)
    choice = dict(result.assignments)
    assert valid(data, choice)
    assert plan_check(instance, result) == []
    best, finish = brute_force(data)
    assert len(result.assignments) == best
    assert result.finish_date == finish
    assert len(result.assignments) + len(result.unassigned) == len(data["people"])
    if best:
        assert result.lower_bound_date <= result.finish_date
        assert result.ratio(instance) == 1.0


def test_the_example_instance_through_the_cli(tmp_path):
    out = tmp_path / "plan.json"
    said, progress = io.StringIO(), io.StringIO()
    call_command(
        "crystal_plan",
        instance=str(EXAMPLE),
        out=str(out),
        stdout=said,
        stderr=progress,
    )
    # One summary line on stdout; the stages of the solve on stderr (18.15).
    assert said.getvalue().count("\n") == 1 and "4 assigned" in said.getvalue()
    assert "at most 4 can be placed" in progress.getvalue()
    assert "earliest finish 2027-01-07" in progress.getvalue()
    result = json.loads(out.read_text())
    assert len(result["assignments"]) == 4
    assert result["finish_date"] == result["lower_bound_date"] == "2027-01-07"
    assert result["ratio"] == 1.0
    assert set(result) >= {
        "assignments",
        "unassigned",
        "finish_date",
        "lower_bound_date",
        "ratio",
        "solve_seconds",
    }


def test_the_cli_needs_no_database(tmp_path):
    out = tmp_path / "plan.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crystal_learning.settings.dev",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing-here",
    }
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "crystal_plan",
            "--instance",
            str(EXAMPLE),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["ratio"] == 1.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["people"][0].update(team="NOPE"),
            "people[0].team: unknown team 'NOPE'",
        ),
        (
            lambda d: d.update(start="2027-13-01"),
            "start: '2027-13-01' is not an ISO date",
        ),
        (
            lambda d: d["sessions"][1].update(capacity=-1),
            "sessions[1].capacity: must be at least 0",
        ),
        (
            lambda d: d["people"][2].update(id="D2001"),
            "people[2].id: duplicate id 'D2001'",
        ),
        (
            lambda d: d["sessions"][0].update(date="tomorrow"),
            "sessions[0].date: 'tomorrow' is not an ISO date",
        ),
        (
            lambda d: d["teams"][0].update(pattern=[]),
            "teams[0].pattern: expected a non-empty list",
        ),
        (lambda d: d["policy"].update(cap_share=1.5), "policy.cap_share"),
        (
            lambda d: d["people"][0].update(absences=[["2027-01-09", "2027-01-02"]]),
            "people[0].absences[0]: ends before it starts",
        ),
    ],
)
def test_invalid_instances_exit_nonzero_naming_the_field(tmp_path, change, message):
    data = json.loads(EXAMPLE.read_text())
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(
        CommandError, match=message.replace("[", r"\[").replace("]", r"\]")
    ):
        call_command("crystal_plan", instance=str(path), out=str(tmp_path / "out.json"))
    with pytest.raises(InstanceInvalid):
        instance_parse(data)
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "crystal_plan",
            "--instance",
            str(path),
            "--out",
            str(tmp_path / "o.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "crystal_learning.settings.dev"},
    )
    assert done.returncode != 0
    assert message in done.stderr


def test_not_json_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="instance: not valid JSON"):
        call_command("crystal_plan", instance=str(path), out=str(tmp_path / "o.json"))


def test_rest_days_are_used_only_when_allowed_with_notice():
    data = json.loads(EXAMPLE.read_text())
    data["horizon_days"] = 28
    data["teams"][0]["pattern"] = ["R"]  # always on a rest day
    data["people"] = [{"id": "A", "team": "N-RESP-A", "absences": []}]
    data["teams"][0]["min_staffing"] = 0
    data["sessions"] = [
        {
            "id": "early",
            "date": "2027-01-10",
            "start": "10:00",
            "end": "12:00",
            "capacity": 5,
        },
        {
            "id": "late",
            "date": "2027-01-20",
            "start": "10:00",
            "end": "12:00",
            "capacity": 5,
        },
    ]
    assert plan(instance_parse(data)).assignments == []
    data["policy"]["allow_rest_days"] = True
    result = plan(instance_parse(data))
    # 10 January is only 6 days' notice: not allowed; 20 January is 16.
    assert result.assignments == [("A", "late")]
    assert result.rest_day_assignments == 1
