"""xAPI document benchmark: State PUT, GET and POST merge over HTTP to gunicorn
(2 workers).

    .venv/bin/python bench/xapi_documents.py --db sqlite
    .venv/bin/python bench/xapi_documents.py --db postgres --puts 2000 --gets 2000

On a fresh database with one credential (scope `state`), 4 client threads:
N PUTs of distinct State documents (a distinct agent and stateId each), N GETs
of documents that exist, then M POST merges onto a few hot documents, each as
a client that must not lose an update does it: GET the ETag, POST with
If-Match, and on 412 read again and retry (the retries are counted). The last
line checks that every merge landed in its hot document. Prints one line per
operation: requests/s, p50 and p95 latency.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    ACTIVITY_BASE,
    HOMEPAGE,
    RESULTS,
    ROOT,
    environment,
    free_port,
    fresh_database,
    manage,
    serve,
    stop,
)

DB_NAME = "crystal_bench_docs"
SECRET = "bench-docs-secret-123456"  # noqa: S105 - a throwaway local credential
ACTIVITY = f"{ACTIVITY_BASE}module/1"
CLIENTS = 4
#: A merge gives up after this many 412s in a row (then counted as failed).
MERGE_ATTEMPTS = 50


def agent(n: int) -> str:
    return json.dumps(
        {"objectType": "Agent", "account": {"homePage": HOMEPAGE, "name": f"B{n:06d}"}}
    )


def state_params(n: int) -> dict:
    return {"activityId": ACTIVITY, "agent": agent(n), "stateId": f"bookmark-{n}"}


def state_document(n: int, rng: random.Random) -> bytes:
    """A player's resume point: about 300 bytes of JSON."""
    return json.dumps(
        {
            "position": round(rng.random() * 900, 2),
            "played": [[round(rng.random() * 10, 1), round(rng.random() * 90, 1)]] * 8,
            "language": "en-GB",
            "attempt": n,
        }
    ).encode()


@dataclass
class Tally:
    """Per-request latencies (ms) of one operation, and what went wrong."""

    timings: list[float] = field(default_factory=list)
    retries: int = 0
    errors: int = 0
    first_error: str = ""
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, response: httpx.Response) -> None:
        with self.lock:
            self.errors += 1
            if not self.first_error:
                self.first_error = f"{response.status_code} {response.text[:200]}"


class Lrs:
    """One httpx client per thread against /xapi/activities/state."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/xapi/activities/state"
        token = base64.b64encode(f"bench-docs:{SECRET}".encode()).decode()
        self.headers = {
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": "1.0.3",
        }
        self.local = threading.local()

    def client(self) -> httpx.Client:
        if not hasattr(self.local, "client"):
            self.local.client = httpx.Client(headers=self.headers, timeout=60)
        return self.local.client

    def get(self, params: dict) -> httpx.Response:
        return self.client().get(self.url, params=params)

    def write(
        self, method: str, params: dict, body: bytes, if_match: str | None = None
    ) -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if if_match:
            headers["If-Match"] = if_match
        return self.client().request(
            method, self.url, params=params, content=body, headers=headers
        )


def timed(tally: Tally, jobs: list, work: Callable[[object], None]) -> Tally:
    """Run `work` over `jobs` on CLIENTS threads; wall time into the tally."""
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(work, jobs))
    tally.seconds = time.perf_counter() - started
    return tally


def run_puts(lrs: Lrs, count: int) -> Tally:
    rng = random.Random(17)
    bodies = [state_document(n, rng) for n in range(count)]
    tally = Tally()

    def put(n: int) -> None:
        begin = time.perf_counter()
        response = lrs.write("PUT", state_params(n), bodies[n])
        tally.timings.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 204:
            tally.error(response)

    return timed(tally, list(range(count)), put)


def run_gets(lrs: Lrs, count: int, stored: int) -> Tally:
    rng = random.Random(18)
    picks = [rng.randrange(stored) for _ in range(count)]
    tally = Tally()

    def get(n: int) -> None:
        begin = time.perf_counter()
        response = lrs.get(state_params(n))
        tally.timings.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 200 or not response.headers.get("ETag"):
            tally.error(response)

    return timed(tally, picks, get)


def hot_params(h: int) -> dict:
    return {"activityId": ACTIVITY, "agent": agent(900_000 + h), "stateId": "hot"}


def run_merges(lrs: Lrs, count: int, hot: int) -> Tally:
    """Each merge adds its own key to one hot document: GET, POST If-Match, retry."""
    for h in range(hot):
        lrs.write("PUT", hot_params(h), b'{"hot": true}').raise_for_status()
    tally = Tally()

    def merge(n: int) -> None:
        params = hot_params(n % hot)
        body = json.dumps({f"m{n}": n}).encode()
        begin = time.perf_counter()
        for _ in range(MERGE_ATTEMPTS):
            current = lrs.get(params)
            if current.status_code != 200:
                tally.error(current)
                return
            response = lrs.write("POST", params, body, current.headers["ETag"])
            if response.status_code != 412:
                break
            with tally.lock:
                tally.retries += 1
        tally.timings.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 204:
            tally.error(response)

    return timed(tally, list(range(count)), merge)


def merges_lost(lrs: Lrs, count: int, hot: int) -> int:
    """Merges whose key is missing from their hot document (should be 0)."""
    lost = 0
    for h in range(hot):
        document = lrs.get(hot_params(h)).json()
        expected = {f"m{n}" for n in range(h, count, hot)}
        lost += len(expected - document.keys())
    return lost


def line(name: str, tally: Tally, count: int) -> str:
    timings = sorted(tally.timings) or [0.0]
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    rate = count / tally.seconds if tally.seconds else 0.0
    return (
        f"{name:<28} {count:>7,} {rate:>8,.0f} {statistics.median(timings):>8.1f} "
        f"{p95:>8.1f} {tally.retries:>8,} {tally.errors:>7,}"
    )


def measure(port: int, args: argparse.Namespace) -> None:
    lrs = Lrs(port)
    # Warm both workers (the first request of each verifies the hashed secret).
    for _ in range(4):
        lrs.get({"activityId": ACTIVITY, "agent": agent(0)})
    print(
        f"{'operation':<28} {'count':>7} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'retries':>8} {'errors':>7}"
    )
    results = [
        ("PUT (new State document)", run_puts(lrs, args.puts), args.puts),
        ("GET (existing document)", run_gets(lrs, args.gets, args.puts), args.gets),
        (
            f"POST merge ({args.hot} hot, If-Match)",
            run_merges(lrs, args.merges, args.hot),
            args.merges,
        ),
    ]
    for name, tally, count in results:
        print(line(name, tally, count), flush=True)
    for name, tally, _ in results:
        if tally.first_error:
            print(f"first error in {name}: {tally.first_error}")
    print(f"merges lost: {merges_lost(lrs, args.merges, args.hot)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--puts", type=int, default=2000)
    parser.add_argument("--gets", type=int, default=2000)
    parser.add_argument("--merges", type=int, default=500)
    parser.add_argument("--hot", type=int, default=3, help="Hot documents.")
    args = parser.parse_args()
    env = environment(args.db, DB_NAME)
    fresh_database(args.db, DB_NAME)
    manage(env, "migrate", "-v", "0")
    manage(
        env,
        "crystal_lrs_credential",
        "--name",
        "bench-docs",
        "--secret",
        SECRET,
        "--scopes",
        "state",
    )
    print(
        f"xapi_documents db={args.db} clients={CLIENTS} gunicorn workers=2 "
        f"hot documents={args.hot}"
    )
    port = free_port()
    # django.request logs every 412 the merges provoke: gunicorn's stderr goes
    # to a file under bench/results/ instead of the terminal.
    log = RESULTS / f"xapi_documents-{args.db}.log"
    saved = os.dup(2)
    with log.open("w") as stderr:
        os.dup2(stderr.fileno(), 2)
        server = serve(env, port)
        os.dup2(saved, 2)
    try:
        measure(port, args)
    finally:
        stop(server)
    print(f"server log: {log.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
