"""Planner benchmark on seeded instances: a Durham-size force and a national one.

    .venv/bin/python bench/planner.py                 # both scales
    .venv/bin/python bench/planner.py --scale force
    .venv/bin/python bench/planner.py --scale national --seed 7

The generator (in this file, seeded) builds forces like DOMAIN.md section 4:
response teams on the 10-day cycle E,E,L,L,N,N,R,R,R,R offset by 2 days,
weekday neighbourhood / CID / staff teams, 24/7 control rooms (12-day cycle) and
roads policing; teams of 8-14 (control rooms 20-30); minimum staffing about
half the team; 3% of people absent on any day in blocks of 3-14 days; and 26
weeks of weekday sessions at HQ 10:00-12:00 with capacity 15 (several a day at
national scale). Policy: 10% of on-duty strength, at least 1 released, training
on E, L and D duties only. Prints plan time, people assigned, finish, bound and
ratio. The instance is written to bench/results/ for reuse with crystal_plan.
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
}


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


def run(scale: str, seed: int) -> None:
    spec = SCALES[scale]
    began = time.perf_counter()
    data = generate(seed=seed, **spec)
    generated = time.perf_counter() - began
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"plan-{scale}-{seed}.json").write_text(json.dumps(data))
    instance = instance_parse(data)
    result = plan(instance)
    problems = plan_check(instance, result)
    finish = result.day_number(instance, result.finish_date)
    bound = result.day_number(instance, result.lower_bound_date)
    print(
        f"{scale:<9} people={len(data['people']):>7,} teams={len(data['teams']):>5,} "
        f"sessions={len(data['sessions']):>6,} generate={generated:.1f}s "
        f"plan={result.solve_seconds:.1f}s assigned={len(result.assignments):,} "
        f"unassigned={len(result.unassigned):,} finish=day {finish} "
        f"({result.finish_date}) bound=day {bound} ratio={result.ratio(instance)} "
        f"rule breaches={len(problems)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=[*SCALES, "both"], default="both")
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()
    for scale in SCALES if args.scale == "both" else [args.scale]:
        run(scale, args.seed)


if __name__ == "__main__":
    main()
