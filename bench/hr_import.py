"""Time the HR import's preview and apply on a 20,000-row extract.

    .venv/bin/python bench/hr_import.py --db sqlite
    .venv/bin/python bench/hr_import.py --db postgres --rows 20000

A fresh `crystal_hr_bench` database (production settings), migrated, with the
demo force (1,200 people, 45 teams, the shift patterns), its pages and the two
programmes (so the import's "people changed" announcement assigns training, as
in real use). The extract is generated with the demo force's own generator at
--rows people (same seed: the first 1,200 staff numbers are the demo force's,
most rows are new people), every row carrying its team, area and pattern, as
an HR system writes them (docs/sample-people.csv). Then, as the admin does it:

1. preview: the background job that checks the file and stores the dry run;
2. apply: the job applying it (as after pressing Apply import);
3. preview and apply again of the same file (everything unchanged);
4. preview and apply of the file with every email changed (20,000 updates of
   people and their accounts);

each timed, with the database's query count, and the people, users and
assignments counted afterwards.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import environment, fresh_database, manage  # noqa: E402

NAME = "crystal_hr_bench"
SLOWEST = 0
COLUMNS = [
    *("staff_number", "display_name", "email", "rank", "role", "team_code"),
    *("team_name", "team_kind", "area_code", "area_name", "shift_pattern"),
    *("shift_codes", "shift_offset", "supervises", "active"),
]


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument(
        "--profile",
        type=Path,
        help="Write cProfiles of the first preview and apply: PROFILE-preview.prof...",
    )
    parser.add_argument(
        "--slowest", type=int, default=0, help="List the N slowest queries of each."
    )
    return parser.parse_args()


def extract(rows: int, seed: int) -> str:
    """A demo-force-shaped HR extract of about `rows` people."""
    from crystal_learning.demo import force

    specs = {spec.code: spec for spec in force.team_specs()}
    areas = dict(force.AREAS)
    codes = {
        force.RESPONSE_PATTERN: "E,E,L,L,N,N,R,R,R,R",
        force.WEEKDAY_PATTERN: "D,D,D,D,D,R,R",
    }
    people = force._people_rows(
        random.Random(seed),
        list(specs.values()),
        force.team_sizes(list(specs.values()), rows),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in people:
        spec = specs[row["team"]]
        area = f"AREA-{spec.area}"
        area_name = (
            f"{areas[spec.area]} Area"
            if spec.area in areas
            else "Force-wide Operations"
        )
        supervises = ""
        if row.get("area"):
            supervises = f"AREA-{row['area']}"
        elif row["supervisor"]:
            supervises = spec.code
        number = row["staff_number"]
        writer.writerow(
            [
                number,
                row["display_name"],
                f"{number.lower()}@example.police.uk",
                row["rank"],
                row["role"],
                spec.code,
                spec.name,
                spec.kind,
                area,
                area_name,
                spec.pattern,
                codes[spec.pattern],
                spec.offset,
                supervises,
                "yes",
            ]
        )
    return out.getvalue()


def timed(label: str, function, *, profile: Path | None = None):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            result = profiler.runcall(function)
            profiler.dump_stats(profile)
        else:
            result = function()
        seconds = time.perf_counter() - started
    print(f"  {label:<40} {seconds:8.2f} s {len(queries):>8,} queries", flush=True)
    if SLOWEST:
        slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        for query in slow[:SLOWEST]:
            print(
                f"    {float(query['time']):6.2f} s  {query['sql'][:150]}", flush=True
            )
    return result


def main() -> None:
    global SLOWEST
    args = parse()
    SLOWEST = args.slowest
    env = environment(args.db, NAME)
    fresh_database(args.db, NAME)
    print(f"{args.db}: migrating a fresh {NAME} ...", flush=True)
    manage(env, "migrate", "--no-input")
    manage(env, "crystal_demo")
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from crystal_learning.people import tasks
    from crystal_learning.people.models import PeopleImport, Person
    from crystal_learning.programmes.models import Assignment

    text = extract(args.rows, args.seed)
    rows = text.count("\n") - 1
    print(f"extract: {rows:,} rows, {len(text.encode()) / 1e6:.1f} MB", flush=True)
    print(
        f"before: {Person.objects.count():,} people, "
        f"{Assignment.objects.count():,} assignments",
        flush=True,
    )
    changed = text.replace("@example.police.uk", "@force.example.police.uk")
    attempts = {
        "new file": text,
        "same file again": text,
        "every email changed": changed,
    }
    for attempt, csv_text in attempts.items():
        record = PeopleImport.objects.create(
            filename="bench.csv",
            csv_text=csv_text,
            status=PeopleImport.Status.CHECKING,
            rows_total=rows,
        )
        profile = args.profile if attempt == "new file" else None
        timed(
            f"preview ({attempt})",
            lambda r=record: tasks.people_import_check(import_id=r.pk),
            profile=profile and Path(f"{profile}-preview.prof"),
        )
        record.refresh_from_db()
        print(f"    {record.preview.get('counts')}", flush=True)
        problems = record.preview.get("problems") or []
        if problems:
            print("    problems:", problems[:5], flush=True)
            return
        record.status = PeopleImport.Status.APPLYING  # as the Apply button does
        record.save(update_fields=["status"])
        timed(
            f"apply ({attempt})",
            lambda r=record: tasks.people_import_apply(import_id=r.pk),
            profile=profile and Path(f"{profile}-apply.prof"),
        )
        record.refresh_from_db()
        print(f"    {record.get_status_display()}: {record.summary}", flush=True)
    print(
        f"after: {Person.objects.count():,} people, "
        f"{get_user_model().objects.count():,} users, "
        f"{Assignment.objects.count():,} assignments",
        flush=True,
    )


if __name__ == "__main__":
    main()
