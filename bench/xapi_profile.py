"""Where the time of an xAPI POST goes: cProfile over batches of 100 statements.

    .venv/bin/python bench/xapi_profile.py --db sqlite   [--batches 30] [--top 25]
    .venv/bin/python bench/xapi_profile.py --db postgres

Runs against the database xapi_ingest.py prepared (same --name; run that first),
with production settings, in one process: each batch goes through Django's
WSGI handler (middleware, the xAPI view, authentication, the pipeline, the
response) as gunicorn would call it, without the socket. Two warm-up batches,
then --batches timed without the profiler (wall-clock and this process's CPU
time per batch: the CPU time hardly moves when other work shares the machine),
then --batches under cProfile. Prints the share of each step, the queries a
batch makes, and the functions with the most time of their own.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import importlib
import json
import os
import pstats
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

#: The steps reported: (label, file the function is in, function name).
STEPS = [
    ("authentication (Basic, lockout)", "xapi/auth.py", "basic_credential"),
    ("body read and JSON parse", "attachments/http.py", "statements_body"),
    ("validation", "xapi/pipeline.py", "_check_batch"),
    ("prepare (ids, stored, rows)", "xapi/store.py", "statement_prepared"),
    ("prepare (ids, stored, rows)", "xapi/store.py", "statement_rows"),
    ("known ids (SELECT)", "xapi/pipeline.py", "_new_rows"),
    ("voiding checks", "xapi/voiding.py", "voiding_check"),
    ("voiding checks", "xapi/voiding.py", "voiding_apply"),
    ("insert statements and index", "xapi/store.py", "statements_insert"),
    ("projection (Progress)", "xapi/progress.py", "progress_update"),
    ("signals (hooks, request start/end)", "dispatch/dispatcher.py", "send"),
    ("forwarding outbox", "forwarding/outbox.py", "deliveries_queue"),
    ("commit", "django/db/transaction.py", "__exit__"),
    ("response JSON", "xapi/protocol.py", "respond"),
]


def main() -> None:
    from common import environment

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--name", default="crystal_bench")
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", help="Also write the raw profile to this file.")
    args = parser.parse_args()
    os.environ.update(environment(args.db, args.name))

    # The site as gunicorn loads it (django.setup(), then gc.freeze()).
    importlib.import_module("crystal_learning.wsgi")
    from django.db import connection
    from django.test import Client
    from xapi_ingest import SECRET, statement

    from crystal_learning.people.models import Person

    staff = list(Person.objects.values_list("staff_number", flat=True))
    rng = random.Random(11)
    now = datetime.now(UTC)
    token = base64.b64encode(f"bench:{SECRET}".encode()).decode()
    client = Client(
        SERVER_NAME="127.0.0.1",
        HTTP_AUTHORIZATION=f"Basic {token}",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    bodies = [
        json.dumps(
            [
                statement(rng.choice(staff), rng, now + timedelta(seconds=i))
                for i in range(100)
            ]
        )
        for _ in range(2 * args.batches + 2)
    ]

    def post(body: str) -> None:
        response = client.post(
            "/xapi/statements", body, content_type="application/json"
        )
        assert response.status_code == 200, response.content[:300]

    for body in bodies[:2]:
        post(body)
    plain = bodies[2 : 2 + args.batches]
    queries: list[str] = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        post(plain[0])
    wall, cpu = time.perf_counter(), time.process_time()
    for body in plain[1:]:
        post(body)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    timed = len(plain) - 1
    print(
        f"without the profiler: {wall * 1000 / timed:.1f} ms a batch of 100 "
        f"({timed * 100 / wall:,.0f} statements/s), of which CPU in this process "
        f"{cpu * 1000 / timed:.1f} ms; {len(queries)} queries a batch"
    )
    for sql in queries:
        print("   ", sql[:110])
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for body in bodies[2 + args.batches :]:
        post(body)
    profile.disable()
    elapsed = time.perf_counter() - started
    if args.out:
        profile.dump_stats(args.out)
    stats = pstats.Stats(profile)
    total = (
        max(
            ct
            for (file, _line, name), (
                _cc,
                _nc,
                _tt,
                ct,
                _callers,
            ) in stats.stats.items()
            if name == "post" and file.endswith("django/test/client.py")
        )
        or elapsed
    )
    print(
        f"{args.batches} batches of 100 in {elapsed:.2f} s under cProfile "
        f"({args.batches * 100 / elapsed:,.0f} statements/s; cProfile slows it)"
    )
    shares: dict[str, float] = {}
    for label, suffix, function in STEPS:
        for (file, _line, name), (_cc, _nc, _tt, ct, _c) in stats.stats.items():
            if name == function and file.endswith(suffix):
                shares[label] = shares.get(label, 0.0) + ct
    print(f"{'step':<36} {'ms/batch':>9} {'share':>6}")
    for label, seconds in shares.items():
        print(
            f"{label:<36} {seconds * 1000 / args.batches:>9.2f} {seconds / total:>6.1%}"
        )
    print(f"{'whole request (client.post)':<36} {total * 1000 / args.batches:>9.2f}")
    print()
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
