"""xAPI ingest benchmark: POST batches of 100 over HTTP to gunicorn (2 workers).

    .venv/bin/python bench/xapi_ingest.py --db sqlite --sizes 10000,100000,1000000
    .venv/bin/python bench/xapi_ingest.py --db postgres --sizes 10000,100000,1000000

For each size it first tops the store up to that many statements (bulk inserts,
not timed), then times N batches of 100 statements POSTed by 4 client threads,
and 300 GETs filtered by agent and activity. Then the same statements (new ids)
are written straight to the database in batches of 100 (xapi_raw_insert.py): the
raw insert rate, and the ratio of the two. Prints one line per size.

An enabled external LRS is configured (never reached: forwarding runs in the
background job, not here), so every batch queues its deliveries in the outbox.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    ACTIVITY_BASE,
    HOMEPAGE,
    ROOT,
    environment,
    free_port,
    fresh_database,
    manage,
    serve,
    stop,
)

DB_NAME = "crystal_bench"
SECRET = "bench-secret-123456"  # noqa: S105 - a throwaway local credential
BASE = ACTIVITY_BASE
VERBS = [
    "http://adlnet.gov/expapi/verbs/initialized",
    "https://w3id.org/xapi/video/verbs/played",
    "https://w3id.org/xapi/video/verbs/paused",
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/attempted",
    "http://adlnet.gov/expapi/verbs/passed",
]
ACTIVITIES = [f"{BASE}module/{n}" for n in range(1, 7)] + [
    f"{BASE}quiz/{n}" for n in range(1, 4)
]


def statement(staff: str, rng: random.Random, when: datetime) -> dict:
    activity = rng.choice(ACTIVITIES)
    return {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": HOMEPAGE, "name": staff},
        },
        "verb": {"id": rng.choice(VERBS), "display": {"en-GB": "did"}},
        "object": {
            "objectType": "Activity",
            "id": activity,
            "definition": {
                "name": {"en-GB": "Op Crystal module"},
                "type": "https://w3id.org/xapi/video/activity-type/video",
            },
        },
        "result": {
            "extensions": {
                "https://w3id.org/xapi/video/extensions/progress": round(
                    rng.random(), 3
                )
            }
        },
        "context": {
            "contextActivities": {"parent": [{"id": f"{BASE}tile/op-crystal"}]},
            "extensions": {
                "https://w3id.org/xapi/video/extensions/session-id": uuid.uuid4().hex
            },
        },
        "timestamp": when.isoformat(),
    }


def prepare(db: str, env: dict, fresh: bool, name: str) -> None:
    if fresh:
        fresh_database(db, name)
    manage(env, "migrate", "-v", "0")
    manage(env, "crystal_demo", "--people", "1200")
    manage(
        env,
        "crystal_lrs_credential",
        "--name",
        "bench",
        "--secret",
        SECRET,
        "--scopes",
        "all",
    )
    # Every stored statement queues a delivery (the forwarding outbox is on).
    manage(
        env,
        "shell",
        "-c",
        "from crystal_learning.xapi.forwarding.models import LRSEndpoint;"
        "LRSEndpoint.objects.get_or_create(name='bench-lrs', defaults={'url': "
        "'http://127.0.0.1:9/xapi/statements'})",
    )


def preload(env: dict, size: int) -> None:
    script = str(ROOT / "bench" / "xapi_preload.py")
    subprocess.run([sys.executable, script, str(size)], cwd=ROOT, env=env, check=True)


def raw_rate(env: dict, bodies: list[str]) -> float:
    """The same statements inserted straight into the database (xapi_raw_insert.py)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        file.write("[" + ",".join(bodies) + "]")
    try:
        script = str(ROOT / "bench" / "xapi_raw_insert.py")
        result = subprocess.run(
            [sys.executable, script, file.name],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        Path(file.name).unlink()
    return float(result.stdout.strip().splitlines()[-1])


def measure(
    port: int, batches: int, gets: int, staff: list[str]
) -> tuple[float, float, float, list[str]]:
    url = f"http://127.0.0.1:{port}/xapi/statements"
    token = base64.b64encode(f"bench:{SECRET}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
    rng = random.Random(7)
    now = datetime.now(UTC)
    bodies = [
        json.dumps(
            [
                statement(rng.choice(staff), rng, now + timedelta(seconds=i))
                for i in range(100)
            ]
        )
        for _ in range(batches)
    ]
    local = threading.local()

    def client() -> httpx.Client:
        if not hasattr(local, "client"):
            local.client = httpx.Client(headers=headers, timeout=60)
        return local.client

    # Warm both workers (the first request of each verifies the hashed secret).
    for _ in range(4):
        client().get(url, params={"limit": 1}).raise_for_status()

    def post(body: str) -> None:
        client().post(
            url, content=body, headers={"Content-Type": "application/json"}
        ).raise_for_status()

    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(post, bodies))
    rate = batches * 100 / (time.perf_counter() - started)

    timings = []
    for _ in range(gets):
        agent = json.dumps(
            {"account": {"homePage": HOMEPAGE, "name": rng.choice(staff)}}
        )
        begin = time.perf_counter()
        response = client().get(
            url,
            params={"agent": agent, "activity": rng.choice(ACTIVITIES), "limit": 20},
        )
        response.raise_for_status()
        timings.append((time.perf_counter() - begin) * 1000)
    timings.sort()
    return (
        rate,
        statistics.median(timings),
        timings[int(len(timings) * 0.95) - 1],
        bodies,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--gets", type=int, default=300)
    parser.add_argument(
        "--keep", action="store_true", help="Reuse the existing bench database."
    )
    parser.add_argument(
        "--name", default=DB_NAME, help="The database's name (or SQLite file's)."
    )
    args = parser.parse_args()
    env = environment(args.db, args.name)
    prepare(args.db, env, fresh=not args.keep, name=args.name)
    staff = (
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from crystal_learning.people.models import Person;"
                "print(','.join(Person.objects.values_list('staff_number', "
                "flat=True)))",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .split(",")
    )
    print(
        f"xapi_ingest db={args.db} batches={args.batches}x100 clients=4 "
        "gunicorn workers=2"
    )
    print(
        f"{'stored before':>14} {'statements/s':>13} {'raw insert/s':>13} "
        f"{'ratio':>6} {'GET p50 ms':>11} {'GET p95 ms':>11}"
    )
    for size in [int(s) for s in args.sizes.split(",")]:
        preload(env, size)
        port = free_port()
        server = serve(env, port)
        try:
            rate, p50, p95, bodies = measure(port, args.batches, args.gets, staff)
        finally:
            stop(server)
        raw = raw_rate(env, bodies)
        print(
            f"{size:>14,} {rate:>13,.0f} {raw:>13,.0f} {rate / raw:>6.2f} "
            f"{p50:>11.1f} {p95:>11.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
