"""Planner benchmark on seeded instances: a Durham-size force and a national one.

    .venv/bin/python bench/planner.py                 # both scales
    .venv/bin/python bench/planner.py --scale force
    .venv/bin/python bench/planner.py --scale national --seed 7
    .venv/bin/python bench/planner.py --scale protected-force   # issue 19
    .venv/bin/python bench/planner.py --scale protected-national

The generator (in this file, seeded) builds forces like DOMAIN.md section 4:
response teams on the 10-day cycle E,E,L,L,N,N,R,R,R,R offset by 2 days,
weekday neighbourhood / CID / staff teams, 24/7 control rooms (12-day cycle) and
roads policing; teams of 8-14 (control rooms 20-30); minimum staffing about
half the team; 3% of people absent on any day in blocks of 3-14 days; and 26
weeks of weekday sessions at HQ 10:00-12:00 with capacity 15 (several a day at
national scale). Policy: 10% of on-duty strength, at least 1 released, training
on E, L and D duties only. Prints plan time, people assigned, finish, bound and
ratio. The instance is written to bench/results/ for reuse with crystal_plan.

The protected-time scenarios (issue 19) use the same forces over 8 weeks: one
90-minute slot each, inside a shift (sessions with a duty code: E 10:00-11:30
and L 17:00-18:30 every day, D 11:00-12:30 on weekdays, several of each a day
nationally), 20% of people on their own roster (another team kind's pattern,
their own offset, from a date inside the 8 weeks or always), typed absences
(a fifth of them restricted duties), and minimum strength per shift (E, L, N,
D: 40% of the team, lates 50% on Fridays and Saturdays) instead of a team-wide
minimum.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crystal_learning.scheduling.planning.instance_file import (  # noqa: E402
    instance_parse,
)
from crystal_learning.scheduling.planning.solver import plan, plan_check  # noqa: E402

RESULTS = ROOT / "bench" / "results"
START = date(2027, 1, 4)  # a Monday
RESPONSE = ["E", "E", "L", "L", "N", "N", "R", "R", "R", "R"]
WEEKDAYS = ["D", "D", "D", "D", "D", "R", "R"]
CONTROL = ["E", "E", "L", "L", "N", "N", "R", "R", "R", "R", "R", "R"]
SCALES = {
    "force": {"people": 1300, "teams": 30, "sessions_per_day": 1},
    "national": {"people": 150_000, "teams": 3000, "sessions_per_day": 90},
    "protected-force": {"people": 1300, "teams": 30, "sessions_per_day": 1},
    "protected-national": {"people": 150_000, "teams": 3000, "sessions_per_day": 100},
}
ABSENCE_TYPES = ["annual_leave", "sickness", "course", "court", "restricted_duties"]


def generate(*, people: int, teams: int, sessions_per_day: int, seed: int) -> dict:
    rng = random.Random(seed)
    kinds = ["response"] * 5 + ["neighbourhood"] * 2 + ["cid", "control", "roads"]
    team_specs = []
    sizes = []
    for number in range(teams):
        kind = kinds[number % len(kinds)]
        if kind in ("response", "roads"):
            pattern, offset = RESPONSE, (number % 5) * 2
        elif kind == "control":
            pattern, offset = CONTROL, (number % 6) * 2
        else:
            pattern, offset = WEEKDAYS, 0
        team_specs.append(
            {
                "id": f"T{number:04d}",
                "pattern": pattern,
                "pattern_start": (START - timedelta(days=offset)).isoformat(),
                "min_staffing": None,
            }
        )
        sizes.append(rng.randint(20, 30) if kind == "control" else rng.randint(8, 14))
    scale = people / sum(sizes)
    sizes = [max(3, round(size * scale)) for size in sizes]
    horizon = 26 * 7
    people_specs = []
    for team, size in zip(team_specs, sizes, strict=True):
        team["min_staffing"] = max(1, size // 2)
        for _ in range(size):
            absences = []
            if rng.random() < 0.35:  # about 3% absent on a given day overall
                first = START + timedelta(days=rng.randrange(horizon))
                absences.append(
                    [
                        first.isoformat(),
                        (first + timedelta(days=rng.randint(3, 14))).isoformat(),
                    ]
                )
            people_specs.append(
                {
                    "id": f"P{len(people_specs):06d}",
                    "team": team["id"],
                    "absences": absences,
                }
            )
    sessions = []
    for day in range(horizon):
        when = START + timedelta(days=day)
        if when.weekday() >= 5:
            continue
        for slot in range(sessions_per_day):
            sessions.append(
                {
                    "id": f"S{len(sessions):05d}",
                    "date": when.isoformat(),
                    "start": "10:00" if slot % 2 == 0 else "14:00",
                    "end": "12:00" if slot % 2 == 0 else "16:00",
                    "capacity": 15,
                }
            )
    return {
        "start": START.isoformat(),
        "horizon_days": horizon,
        "policy": {
            "cap_share": 0.1,
            "min_release": 1,
            "training_duty_codes": ["E", "L", "D"],
            "allow_rest_days": False,
        },
        "teams": team_specs,
        "people": people_specs,
        "sessions": sessions,
    }


def generate_protected(
    *, people: int, teams: int, sessions_per_day: int, seed: int
) -> dict:
    """The force of `generate`, planned for protected time (module docstring)."""
    rng = random.Random(seed + 19)
    data = generate(people=people, teams=teams, sessions_per_day=1, seed=seed)
    horizon = 8 * 7
    data["horizon_days"] = horizon
    sizes: dict[str, int] = {}
    for person in data["people"]:
        sizes[person["team"]] = sizes.get(person["team"], 0) + 1
    for team in data["teams"]:
        size = sizes.get(team["id"], 0)
        team["min_staffing"] = None
        least = max(1, round(size * 0.4))
        team["min_staffing_by_code"] = {
            "E": least,
            "L": {"default": least, "fri": size // 2, "sat": size // 2},
            "N": least,
            "D": least,
        }
    rosters = [(RESPONSE, 10), (WEEKDAYS, 7), (CONTROL, 12)]
    for person in data["people"]:
        absences = []
        for first, last in person["absences"]:
            if date.fromisoformat(first) >= START + timedelta(days=horizon):
                continue
            absences.append(
                {"from": first, "to": last, "type": rng.choice(ABSENCE_TYPES)}
            )
        person["absences"] = absences
        if rng.random() < 0.2:  # their own roster
            pattern, cycle = rng.choice(rosters)
            person["pattern"] = pattern
            if rng.random() < 0.5:
                since = START + timedelta(days=rng.randrange(horizon))
            else:
                since = START - timedelta(days=rng.randrange(cycle))
            person["pattern_start"] = since.isoformat()
    slots = [("E", "10:00", "11:30", False), ("L", "17:00", "18:30", False)]
    slots.append(("D", "11:00", "12:30", True))
    sessions = []
    for day in range(horizon):
        when = START + timedelta(days=day)
        for code, begins, ends, weekdays_only in slots:
            if weekdays_only and when.weekday() >= 5:
                continue
            for _ in range(sessions_per_day):
                sessions.append(
                    {
                        "id": f"S{len(sessions):06d}",
                        "date": when.isoformat(),
                        "start": begins,
                        "end": ends,
                        "capacity": 12,
                        "code": code,
                    }
                )
    data["sessions"] = sessions
    return data


def progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run(scale: str, seed: int) -> None:
    spec = SCALES[scale]
    began = time.perf_counter()
    make = generate_protected if scale.startswith("protected") else generate
    data = make(seed=seed, **spec)
    generated = time.perf_counter() - began
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"plan-{scale}-{seed}.json").write_text(json.dumps(data))
    instance = instance_parse(data)
    cpu = time.process_time()
    result = plan(instance, progress=progress)
    cpu = time.process_time() - cpu
    problems = plan_check(instance, result)
    finish = result.day_number(instance, result.finish_date)
    bound = result.day_number(instance, result.lower_bound_date)
    print(
        f"{scale:<9} people={len(data['people']):>7,} teams={len(data['teams']):>5,} "
        f"sessions={len(data['sessions']):>6,} generate={generated:.1f}s "
        f"plan={result.solve_seconds:.1f}s (cpu {cpu:.1f}s) "
        f"assigned={len(result.assignments):,} "
        f"unassigned={len(result.unassigned):,} finish=day {finish} "
        f"({result.finish_date}) bound=day {bound} ratio={result.ratio(instance)} "
        f"rule breaches={len(problems)} method={result.method}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", choices=[*SCALES, "both", "protected"], default="both"
    )
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()
    groups = {
        "both": ["force", "national"],
        "protected": ["protected-force", "protected-national"],
    }
    for scale in groups.get(args.scale, [args.scale]):
        run(scale, args.seed)


if __name__ == "__main__":
    main()
