"""xAPI ingest benchmark: POST batches of 100 over HTTP to gunicorn (2 workers).

    .venv/bin/python bench/xapi_ingest.py --db sqlite --sizes 10000,100000,1000000
    .venv/bin/python bench/xapi_ingest.py --db postgres --sizes 10000,100000,1000000

For each size it first tops the store up to that many statements (bulk inserts,
not timed), then times N batches of 100 statements POSTed by 4 client threads,
and 300 GETs filtered by agent and activity. Prints one line per size.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SECRET = "bench-secret-123456"  # noqa: S105 - a throwaway local credential
HOMEPAGE = "https://learning.example.police.uk"
BASE = "https://learning.example.police.uk/xapi/activities/"
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def environment(db: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crystal_learning.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CRYSTAL_XAPI_HOMEPAGE": HOMEPAGE,
        "CRYSTAL_XAPI_ACTIVITY_BASE": BASE,
        "LOG_LEVEL": "WARNING",
    }
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{RESULTS / 'xapi-bench.sqlite3'}"
    else:
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/crystal_bench"
    return env


def prepare(db: str, env: dict, fresh: bool) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    if fresh:
        if db == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                (RESULTS / f"xapi-bench.sqlite3{suffix}").unlink(missing_ok=True)
        else:
            for sql in (
                "DROP DATABASE IF EXISTS crystal_bench",
                "CREATE DATABASE crystal_bench",
            ):
                subprocess.run(
                    ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql],
                    check=True,
                )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "crystal_demo", "--people", "1200"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [
            *manage,
            "crystal_lrs_credential",
            "--name",
            "bench",
            "--secret",
            SECRET,
            "--scopes",
            "all",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def preload(env: dict, size: int) -> None:
    script = str(ROOT / "bench" / "xapi_preload.py")
    subprocess.run([sys.executable, script, str(size)], cwd=ROOT, env=env, check=True)


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "crystal_learning.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/xapi/about", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def measure(
    port: int, batches: int, gets: int, staff: list[str]
) -> tuple[float, float, float]:
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
    return rate, statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--gets", type=int, default=300)
    parser.add_argument(
        "--keep", action="store_true", help="Reuse the existing bench database."
    )
    args = parser.parse_args()
    env = environment(args.db)
    prepare(args.db, env, fresh=not args.keep)
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
        f"{'stored before':>14} {'statements/s':>13} {'GET p50 ms':>11} "
        f"{'GET p95 ms':>11}"
    )
    for size in [int(s) for s in args.sizes.split(",")]:
        preload(env, size)
        port = free_port()
        server = serve(env, port)
        try:
            rate, p50, p95 = measure(port, args.batches, args.gets, staff)
        finally:
            server.terminate()
            server.wait(30)
        print(f"{size:>14,} {rate:>13,.0f} {p50:>11.1f} {p95:>11.1f}", flush=True)


if __name__ == "__main__":
    main()
