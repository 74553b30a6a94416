"""The service manager of docs/operations.md, for bench/load.py: the django-q2
cluster runs under it, and it restarts the cluster when /health/?strict=1
says the queue check fails (a killed worker can leave django-q2's task queue
locked, django-q2 issue #23: the cluster looks alive and runs nothing), as a
systemd timer running `curl -fsS .../health/?strict=1 || systemctl restart
crystal-qcluster` would. Each restart is printed and counted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from common import ROOT

#: How often /health/ is asked (the timer's interval).
EVERY = 10


class Cluster:
    """A `manage.py qcluster` process (its own process group, so that a stop
    reaches every worker) that the watchdog may replace."""

    def __init__(self, env: dict) -> None:
        self.env = env
        self.restarts: list[tuple[float, str]] = []
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        """SIGTERM (django-q2 finishes the tasks in hand), then SIGKILL to the
        whole group after 30 s: a stuck cluster does not end on SIGTERM."""
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def restart(self, why: str) -> None:
        self.stop()
        self.process = self._start()
        self.restarts.append((time.time(), why))


def queue_failure(port: int) -> str | None:
    """The queue check's message when /health/?strict=1 says it fails."""
    url = f"http://127.0.0.1:{port}/health/?strict=1"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            body = json.load(response)
    except urllib.error.HTTPError as error:
        body = json.load(error)
    except (OSError, ValueError):
        return None  # the web server is away (a fault of its own): ask later
    check = body.get("checks", {}).get("queue", {})
    return None if check.get("ok", True) else check.get("detail", "queue failing")


class Watchdog(threading.Thread):
    """Restarts `cluster` when the health check says it runs nothing."""

    def __init__(self, cluster: Cluster, port: int, t0: float, on_restart) -> None:
        super().__init__(daemon=True)
        self.cluster, self.port, self.t0 = cluster, port, t0
        self.on_restart = on_restart  # called with the new cluster's pid
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(EVERY):
            failure = queue_failure(self.port)
            # Only the stuck cluster: an overdue schedule right after a start
            # is a cluster catching up, which a restart would only delay.
            if failure and "restart the django-q2 cluster" in failure:
                print(
                    f"{time.time() - self.t0:6.1f} s  health: {failure}; "
                    "restarting the cluster",
                    flush=True,
                )
                self.cluster.restart(failure)
                self.on_restart(self.cluster.pid)
                time.sleep(60)  # the new cluster's first schedules

    def stop(self) -> None:
        self.done.set()
        self.join(EVERY + 15)
