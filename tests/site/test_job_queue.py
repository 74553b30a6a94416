"""django-q2 runs jobs through the ORM broker, or Redis when REDIS_URL is set."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django_q.tasks import async_task, result

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.django_db
def test_a_job_runs_and_its_result_is_stored(settings):
    task_id = async_task("crystal_learning.site.tasks.queue_ping")
    assert result(task_id).startswith("pong ")


def test_a_worker_takes_jobs_from_redis_when_redis_url_is_set(tmp_path):
    if not redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Redis is not answering on 127.0.0.1:6379; CI needs it for the "
                "broker test."
            )
        pytest.skip(
            "Redis is not running on 127.0.0.1:6379 (CI=true makes this a failure)"
        )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crystal_learning.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "Q_WORKERS": "1",
        "DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CI", None)
    python = [sys.executable, "manage.py"]
    subprocess.run(
        [*python, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )  # noqa: S603
    cluster_name = f"crystal-test-{uuid.uuid4().hex[:8]}"
    env["Q_CLUSTER_NAME"] = cluster_name
    worker = subprocess.Popen(
        [*python, "qcluster"],
        cwd=ROOT,
        env=env,  # noqa: S603
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        code = (
            "import django; django.setup()\n"
            "from django_q.brokers import get_broker\n"
            "from django_q.tasks import async_task, result\n"
            "print(type(get_broker()).__name__)\n"
            "task = async_task('crystal_learning.site.tasks.queue_ping')\n"
            "print(result(task, wait=30000))\n"
        )
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,  # noqa: S603
            text=True,
            timeout=90,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        broker, answer = done.stdout.strip().splitlines()[-2:]
        assert broker == "Redis"
        assert answer.startswith("pong "), (answer, time.monotonic() - started)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
