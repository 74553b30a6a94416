"""What every benchmark shares: a production-settings environment, a fresh
database (SQLite under bench/results/ or a PostgreSQL database of its own),
manage.py commands, and gunicorn on a free loopback port."""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HOMEPAGE = "https://learning.example.police.uk"
ACTIVITY_BASE = "https://learning.example.police.uk/xapi/activities/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(db: str, name: str) -> dict:
    """Production settings against the benchmark's own database `name`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crystal_learning.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CRYSTAL_XAPI_HOMEPAGE": HOMEPAGE,
        "CRYSTAL_XAPI_ACTIVITY_BASE": ACTIVITY_BASE,
        "MEDIA_ROOT": str(RESULTS / f"{name}-media"),
        "LOG_LEVEL": "WARNING",
    }
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{RESULTS / f'{name}.sqlite3'}"
    else:
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    return env


def fresh_database(db: str, name: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (RESULTS / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
        return
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True
        )


def manage(env: dict, *args: str, quiet: bool = True) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=quiet,
        text=True,
    )
    return result.stdout or ""


def serve(
    env: dict,
    port: int,
    *,
    workers: int = 2,
    probe: str = "/xapi/about",
    extra: tuple[str, ...] = (),
    output=None,
):
    """gunicorn as in production; returns once it answers `probe`. Its log goes
    to `output` (an open file) when given, else to this process's terminal."""
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "crystal_learning.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
    )
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(30)


def timed(fn, runs: int) -> tuple[float, float]:
    """Median and slowest ms of `runs` calls of `fn`, after one to warm up."""
    fn()  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)
