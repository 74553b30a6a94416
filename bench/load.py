"""Load with faults: 300 users across roles for 5 minutes against gunicorn,
PostgreSQL and the Redis broker, while a web worker and a django-q2 worker are
killed, PostgreSQL is restarted and the external LRS goes away for a minute.

    .venv/bin/pip install -e ".[bench]"
    .venv/bin/python bench/load.py                # 300 users, 300 s
    .venv/bin/python bench/load.py --users 60 --seconds 120 --no-faults

Setup (untimed): a fresh PostgreSQL database, the demo force with its 100-day
history, accounts signed in ahead (a session each, as single sign-on would
leave them: the run measures the shift, not 300 password hashes at once),
an external LRS on 127.0.0.1 (tests/xapi/stub_lrs.py: stores statements by id)
as a forwarding endpoint, gunicorn (4 workers x 2 threads, production
settings), the django-q2 cluster on Redis with the real schedules.

Users (locust, headless, a second process; 10 new users a second):
- officers (80%): open My training, a tile, a module page and send the
  player's xAPI statements as they watch (plausible for the time spent),
  completing modules; start or resume a quiz and answer questions;
- supervisors (14%): open My teams, download the CSV, send a reminder;
- training managers (6%): Coverage, Abstraction, the overdue admin report.

Faults, seconds after the start: 60 kill a gunicorn worker (SIGKILL), 100
kill a django-q2 worker, 140 restart PostgreSQL, 190-250 the external LRS
stopped. Then the outbox drains (at most 8 minutes) and the script prints:
requests and failures per page with p50/p95/p99 and throughput; failures
inside each fault's window and outside any (must be 0); 5xx after recovery
(must be 0); statements stored during the run vs received by the external LRS
(lost must be 0; resent = delivered again after a fault, kept once by the
LRS); reminders sent twice (must be 0).

This file is also the locustfile (locust imports it and finds the users).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (  # noqa: E402
    RESULTS,
    ROOT,
    environment,
    free_port,
    fresh_database,
    manage,
    serve,
    stop,
)

DB_NAME = "crystal_load"
REDIS_DB = 7
ACCOUNTS = RESULTS / "load-accounts.json"
REQUEST_LOG = RESULTS / "load-requests.csv"
VIDEO = "https://w3id.org/xapi/video/"
EXT = VIDEO + "extensions/"
VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "played": "https://w3id.org/xapi/video/verbs/played",
    "progressed": "http://adlnet.gov/expapi/verbs/progressed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
FAULTS = [
    (60, "kill a gunicorn worker", 10),
    (100, "kill a django-q2 worker", 10),
    (140, "restart PostgreSQL", 20),
    (190, "stop the external LRS for 60 s", 70),
]

SETUP = """
import json, random
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from crystal_learning.people.models import Person
from crystal_learning.xapi.forwarding.models import LRSEndpoint
random.seed(7)
def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(6 * 3600)
    store.create()
    return store.session_key
officers = list(Person.objects.filter(rank="PC", active=True,
    assignments__isnull=False).distinct().order_by("pk")[:OFFICERS])
sergeants = list(Person.objects.filter(supervises__isnull=False, active=True)
    .distinct().order_by("pk")[:SUPERVISORS])
managers = list(Person.objects.filter(rank="STAFF", active=True)
    .order_by("pk")[:MANAGERS])
group = Group.objects.get(name="Training manager")
for person in managers:
    person.user.groups.add(group)
accounts = (
    [{"role": "officer", "session": session_for(p.user)} for p in officers]
    + [{"role": "supervisor", "session": session_for(p.user)} for p in sergeants]
    + [{"role": "manager", "session": session_for(p.user)} for p in managers]
)
LRSEndpoint.objects.create(name="External LRS", url="LRS_URL")
print(json.dumps(accounts))
"""


# ------------------------------------------------------------------ locustfile

_accounts: dict[str, list[dict]] = {}
_lock = threading.Lock()
_log = None


def account(role: str) -> dict:
    with _lock:
        if not _accounts:
            for item in json.loads(ACCOUNTS.read_text()):
                _accounts.setdefault(item["role"], []).append(item)
        pool = _accounts[role]
        return pool.pop() if len(pool) > 1 else pool[0]


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, **kwargs):
    global _log
    if _log is None:
        _log = REQUEST_LOG.open("w", newline="")
    status = getattr(response, "status_code", 0) if response is not None else 0
    _log.write(
        f"{time.time():.3f},{request_type},{name},{status},{response_time:.1f},"
        f"{'1' if exception else '0'}\n"
    )
    _log.flush()


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(3, 9)
    role = ""

    def on_start(self):
        self.client.cookies.set("sessionid", account(self.role)["session"])

    def page(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    def csrf(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        match = match or re.search(r'data-csrf-token="([^"]+)"', html)
        return match[1] if match else ""


MODULES = ["/op-crystal/why-op-crystal/", "/op-crystal/victim-care-log/"]


class Officer(SignedIn):
    weight = 80
    role = "officer"

    def on_start(self):
        super().on_start()
        self.watching = {}  # module url -> (session id, started at, duration)

    @task(2)
    def my_training(self):
        self.page("/my-training/", "my training")

    @task(1)
    def tile(self):
        self.page("/op-crystal/", "tile")

    @task(6)
    def watch(self):
        url = random.choice(MODULES)
        html = self.page(url, "module page").text
        root = re.search(r'class="crystal-player"[^>]*>', html)
        if not root or 'data-tracking="off"' in root[0]:
            return
        data = dict(re.findall(r'data-([\w-]+)="([^"]*)"', root[0]))
        actor = {
            "objectType": "Agent",
            "account": {"homePage": data["homepage"], "name": data["staff-number"]},
        }
        duration = float(data["duration"] or 60)
        session, started, _ = self.watching.get(url) or (
            str(uuid.uuid4()),
            time.time(),
            duration,
        )
        self.watching[url] = (session, started, duration)

        def statement(verb: str, extensions: dict | None = None) -> dict:
            result = {"result": {"extensions": extensions}} if extensions else {}
            return result | {
                "actor": actor,
                "verb": {"id": VERBS[verb], "display": {"en-GB": verb}},
                "object": {"objectType": "Activity", "id": data["activity-id"]},
                "context": {
                    "contextActivities": {"category": [{"id": VIDEO[:-1]}]},
                    "extensions": {
                        f"{EXT}session-id": session,
                        f"{EXT}length": duration,
                    },
                },
                "timestamp": datetime.now(UTC).isoformat(),
            }

        # Watched at normal speed since this session began (never implausible).
        at = round(min(duration, time.time() - started), 3)
        verb = "completed" if at >= duration else "progressed"
        batch = [
            statement("initialized"),
            statement("played", {f"{EXT}time": 0}),
            statement(
                verb,
                {
                    f"{EXT}time": at,
                    f"{EXT}progress": round(at / duration, 3),
                    f"{EXT}played-segments": f"0[.]{at}",
                },
            ),
        ]
        self.client.post(
            "/xapi/statements",
            json=batch,
            name="xapi statements",
            headers={
                "X-Experience-API-Version": "1.0.3",
                "X-CSRFToken": data["csrf-token"],
                "Referer": self.host + url,
            },
        )
        if verb == "completed":
            del self.watching[url]

    @task(2)
    def answer(self):
        quiz = "/op-crystal/quiz-why-op-crystal/"
        html = self.page(quiz, "quiz page").text
        token = self.csrf(html)
        if not token:
            return
        response = self.client.post(
            quiz + "start/",
            {"csrfmiddlewaretoken": token},
            name="quiz start",
            headers={"Referer": self.host + quiz},
        )
        for _ in range(3):
            html, url = response.text, response.url
            form = re.search(r'<form method="post" novalidate>(.*?)</form>', html, re.S)
            if not form:
                return
            fields = {"csrfmiddlewaretoken": self.csrf(html), "go": "next"}
            # The first option of every radio group and checkbox list.
            for tag in re.findall(r"<input[^>]*>", form[1]):
                attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
                if attrs.get("type") in ("radio", "checkbox") and "name" in attrs:
                    fields.setdefault(attrs["name"], attrs.get("value", ""))
            for name in re.findall(r'<textarea[^>]*name="([^"]+)"', form[1]):
                fields[name] = "Recorded in the victim care log."
            for name, value in re.findall(
                r'<select[^>]*name="([^"]+)"[^>]*>\s*<option value="([^"]*)"', form[1]
            ):
                fields[name] = value
            response = self.client.post(
                url, fields, name="quiz answer", headers={"Referer": url}
            )


class Supervisor(SignedIn):
    weight = 14
    role = "supervisor"

    @task(4)
    def my_teams(self):
        html = self.page("/reports/my-teams/", "my teams").text
        self.reminders = re.findall(r'action="(/reports/my-teams/remind/\d+/)"', html)
        self.token = self.csrf(html)

    @task(1)
    def export(self):
        self.page("/reports/my-teams/export.csv?status=incomplete", "my teams csv")

    @task(1)
    def remind(self):
        if getattr(self, "reminders", None):
            self.client.post(
                random.choice(self.reminders),
                {"csrfmiddlewaretoken": self.token, "next": "/reports/my-teams/"},
                name="send reminder",
                headers={"Referer": self.host + "/reports/my-teams/"},
            )


class Manager(SignedIn):
    weight = 6
    role = "manager"

    @task(3)
    def coverage(self):
        self.page("/reports/coverage/", "coverage")

    @task(1)
    def abstraction(self):
        self.page("/reports/abstraction/", "abstraction")

    @task(1)
    def overdue(self):
        self.page("/admin/reports/training/overdue/", "admin overdue report")


# ------------------------------------------------------------------- the run


def children(pid: int) -> list[int]:
    result = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
    )
    return [int(line) for line in result.stdout.split()]


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "-c", code)


def pending(env: dict) -> int:
    return int(
        shell(
            env,
            "from crystal_learning.xapi.forwarding.models import Delivery;"
            "print(Delivery.objects.filter(status='pending').count())",
        )
        .strip()
        .splitlines()[-1]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--no-faults", action="store_true")
    args = parser.parse_args()

    from tests.xapi.stub_lrs import StubLRS

    lrs = StubLRS().start()
    env = environment("postgres", DB_NAME) | {
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "Q_CLUSTER_NAME": "crystal-load",
        "Q_WORKERS": "2",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "CRYSTAL_XAPI_FORWARD_LEASE_SECONDS": "60",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    print("setting up: database, demo force with history, accounts ...", flush=True)
    fresh_database("postgres", DB_NAME)
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True)
    manage(env, "migrate", "--no-input")
    manage(env, "crystal_demo", "--history")
    manage(env, "collectstatic", "--no-input")
    share = args.users
    setup = (
        SETUP.replace("OFFICERS", str(int(share * 0.8) + 5))
        .replace("SUPERVISORS", str(int(share * 0.14) + 5))
        .replace("MANAGERS", str(int(share * 0.06) + 5))
        .replace("LRS_URL", lrs.url)
    )
    ACCOUNTS.write_text(shell(env, setup).strip().splitlines()[-1])
    manage(env, "crystal_setup_schedules")
    started_at = datetime.now(UTC)

    port = free_port()
    web = serve(
        env, port, workers=4, extra=("--threads", "2", "--worker-class", "gthread")
    )
    cluster = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(5)
    REQUEST_LOG.unlink(missing_ok=True)
    prefix = RESULTS / "load"
    locust = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "locust"),
            "-f",
            __file__,
            "--headless",
            "-u",
            str(args.users),
            "-r",
            "10",
            "-t",
            f"{args.seconds}s",
            "-H",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    t0 = time.time()
    windows = []
    for at, what, grace in [] if args.no_faults else FAULTS:
        time.sleep(max(0, t0 + at - time.time()))
        begin = time.time()
        if what.startswith("kill a gunicorn"):
            victim = children(web.pid)[0]
            os.kill(victim, signal.SIGKILL)
        elif what.startswith("kill a django-q2"):
            sentinel = children(cluster.pid)[0]
            victim = children(sentinel)[0]
            os.kill(victim, signal.SIGKILL)
        elif what.startswith("restart PostgreSQL"):
            subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
        else:
            lrs.stop()
            time.sleep(60)
            lrs.start()  # the same port
        windows.append((what, begin, time.time() + grace))
        print(f"{time.time() - t0:6.1f} s  {what}: done", flush=True)
    locust.wait()
    print(f"{time.time() - t0:6.1f} s  load finished; draining the outbox", flush=True)
    deadline = time.time() + 480
    while pending(env) and time.time() < deadline:
        time.sleep(10)
    left = pending(env)
    report(env, lrs, windows, t0, prefix, left, started_at)
    stop(web)
    cluster.send_signal(signal.SIGTERM)
    cluster.wait(60)
    lrs.stop()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if values else 0


def report(env, lrs, windows, t0, prefix, left, started_at) -> None:
    rows = []
    with REQUEST_LOG.open() as source:
        for line in csv.reader(source):
            at, method, name, status, ms, failed = line
            rows.append((float(at), name, int(status), float(ms), failed == "1"))
    ended = max(r[0] for r in rows)
    began = min(r[0] for r in rows)
    print(
        f"\nRequests: {len(rows)} in {ended - began:.0f} s = "
        f"{len(rows) / (ended - began):.1f}/s"
    )
    print(
        f"{'page':24} {'requests':>8} {'5xx/0':>5} {'4xx':>5} {'p50':>6} {'p95':>6}"
        f" {'p99':>6}"
    )
    for name in sorted({r[1] for r in rows}):
        times = [r[3] for r in rows if r[1] == name]
        fails = sum(1 for r in rows if r[1] == name and (r[2] >= 500 or r[2] == 0))
        refused = sum(1 for r in rows if r[1] == name and 400 <= r[2] < 500)
        print(
            f"{name:24} {len(times):8} {fails:5} {refused:5} "
            f"{percentile(times, 0.5):6.0f} {percentile(times, 0.95):6.0f} "
            f"{percentile(times, 0.99):6.0f}"
        )

    def bad(r) -> bool:
        # A server error or no answer (connection refused or reset). A 4xx is
        # the site refusing the bot's input (an incomplete quiz answer): counted
        # per page above, not a fault.
        return r[2] >= 500 or r[2] == 0

    inside = {what: 0 for what, *_ in windows}
    outside = []
    for r in rows:
        if not bad(r):
            continue
        hit = next((w for w, b, e in windows if b <= r[0] <= e), None)
        if hit:
            inside[hit] += 1
        else:
            outside.append(r)
    for what, count in inside.items():
        print(f"failures during '{what}': {count}")
    print(f"failures outside any fault window: {len(outside)}")
    for r in outside[:10]:
        print("   ", r)
    last_fault = max((e for _w, _b, e in windows), default=t0)
    after = [r for r in rows if r[0] > last_fault and r[2] >= 500]
    print(f"5xx after the last recovery: {len(after)}")

    counts = json.loads(
        shell(
            env,
            "import json; from django.db.models import Count;"
            "from crystal_learning.xapi.models import Statement;"
            "from crystal_learning.xapi.forwarding.models import Delivery;"
            "from crystal_learning.programmes.models import ReminderLog;"
            f"since='{started_at.isoformat()}';"
            "ids=[str(i) for i in Statement.objects.filter(stored__gte=since)"
            ".values_list('statement_id', flat=True)];"
            "dup=ReminderLog.objects.values('kind','recipient','key')"
            ".annotate(n=Count('id')).filter(n__gt=1).count();"
            "print(json.dumps({'ids': ids, 'dup': dup,"
            " 'reminders': ReminderLog.objects.filter(sent_at__gte=since).count(),"
            " 'dead': Delivery.objects.filter(status='dead').count()}))",
        )
        .strip()
        .splitlines()[-1]
    )
    stored = set(counts["ids"])
    received = set(lrs.stored)
    deliveries = sum(len(r) for r in lrs.requests)
    print(
        f"statements stored during the run: {len(stored)}; received by the "
        f"external LRS: {len(stored & received)}; lost: {len(stored - received)}; "
        f"still pending: {left}; dead letters: {counts['dead']}; "
        f"resent after faults: {deliveries - len(received)}"
    )
    print(
        f"reminders sent during the run: {counts['reminders']}; "
        f"sent twice: {counts['dup']}"
    )


if __name__ == "__main__":
    main()
