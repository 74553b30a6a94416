"""My teams at scale (issue 21.3): the page for an area inspector and its CSV
export, streamed, through Django's test client in one process.

    .venv/bin/python bench/make_scale_data.py --db postgres     # once
    .venv/bin/python bench/my_teams.py --db postgres --runs 15

Production settings, the dataset of make_scale_data.py (the inspector
supervises one area). Each page is requested once to warm up and then --runs
times; the figure is the median (and the slowest), with the queries one request
makes. The CSV is read to its last byte each time; the figure is rows a second
(median run) and the time to its first chunk. The load average is printed
beside them: figures from a busy machine only compare with each other.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import environment, manage, timed  # noqa: E402
from make_scale_data import NAME  # noqa: E402

PAGE_TARGET_MS = 200
CSV_TARGET_ROWS_PER_S = 10_000


def load() -> str:
    return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--csv-runs", type=int, default=5)
    parser.add_argument("--name", default=NAME, help="another make_scale_data set")
    args = parser.parse_args()
    env = environment(args.db, args.name)
    env["ALLOWED_HOSTS"] = "testserver"
    env["SECURE_SSL_REDIRECT"] = "false"
    manage(env, "collectstatic", "--no-input")  # production serves hashed names
    os.environ.update(env)
    # The site as gunicorn loads it (django.setup(), then gc.freeze()).
    importlib.import_module("crystal_learning.wsgi")
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from crystal_learning.people.models import Person

    inspector = Person.objects.get(staff_number="BENCH-I")
    area = inspector.supervises.get()
    people = Person.objects.filter(
        team__path__startswith=area.path, active=True
    ).count()
    print(f"{args.db}: inspector over {area.name}, {people:,} people; {load()}")
    client = Client()
    client.force_login(get_user_model().objects.get(username="inspector"))

    def page(url: str):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    def queries(fn) -> int:
        with CaptureQueriesContext(connection) as captured:
            fn()
        return len(captured)

    print(f"  {'what':<42} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    medians = []
    for label, url in (
        ("my teams, page 1", "/reports/my-teams/"),
        ("my teams, page 30", "/reports/my-teams/?page=30"),
        ("my teams, not complete", "/reports/my-teams/?status=incomplete"),
        ("my teams, overdue", "/reports/my-teams/?status=overdue"),
        ("my teams, search 'smith'", "/reports/my-teams/?q=smith"),
    ):
        median, worst = timed(page(url), args.runs)
        count = queries(page(url))
        medians.append(median)
        print(f"  {label:<42} {median:10.0f} {worst:8.0f} {count:8d}", flush=True)

    collecting = {"ms": 0.0, "since": 0.0}

    def collection(phase: str, info: dict) -> None:
        """The garbage collector's own time (full collections walk every
        object the process holds)."""
        if phase == "start":
            collecting["since"] = time.perf_counter()
        else:
            collecting["ms"] += (time.perf_counter() - collecting["since"]) * 1000

    gc.callbacks.append(collection)

    def export() -> tuple[int, float, float, float]:
        collecting["ms"] = 0.0
        started = time.perf_counter()
        response = client.get("/reports/my-teams/export.csv")
        assert response.status_code == 200
        first = None
        lines = 0
        # A response sent whole (before issue 21.3) counts as one chunk.
        body = response.streaming_content if response.streaming else [response.content]
        for chunk in body:
            if first is None:
                first = time.perf_counter() - started
            lines += chunk.count(b"\r\n")
        return lines - 1, first or 0.0, time.perf_counter() - started, collecting["ms"]

    export()  # warm up
    runs = sorted((export() for _ in range(args.csv_runs)), key=lambda r: r[2])
    rows, first, total, collected = runs[len(runs) // 2]
    rate = rows / total
    print(
        f"  csv export: {rows:,} rows in {total * 1000:.0f} ms (median of "
        f"{len(runs)}), first chunk after {first * 1000:.0f} ms, garbage "
        f"collection {collected:.0f} ms (objects frozen: {gc.get_freeze_count():,}): "
        f"{rate:,.0f} rows/s; {load()}"
    )
    page_ms = medians[0]
    print(
        f"  targets: page <= {PAGE_TARGET_MS} ms "
        f"({'met' if page_ms <= PAGE_TARGET_MS else 'NOT met'}), csv >= "
        f"{CSV_TARGET_ROWS_PER_S:,} rows/s "
        f"({'met' if rate >= CSV_TARGET_ROWS_PER_S else 'NOT met'})",
        flush=True,
    )


if __name__ == "__main__":
    main()
