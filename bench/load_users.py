"""The users of bench/load.py: its locustfile (locust imports this module).

Cheap on purpose, so that the load generator does not starve the server it
measures on the same machine: FastHttpUser (geventhttpclient, several times
less CPU a request than python-requests), pages read as bytes with
precompiled patterns (never decoded), one small JSON body per statement batch,
and the request log written through a buffer (one line a request: start time,
page, status, milliseconds). A POST that answers with a redirect is timed on
its own, and the page it leads to as a GET of its own name, as a browser
makes them: "quiz start" is the POST alone, "quiz question" the page after it.

With LOAD_STEPS (e.g. "50,100,150") the run is a staircase: each step holds
its user count for LOAD_STEP_SECONDS, then the next begins (bench/load.py
--steps).
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
import uuid
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import urlsplit

from load_pages import (
    DATA_ATTR,
    PLAYER,
    REMIND,
    SPAWN_RATE,
    answer_fields,
    csrf,
    location,
    statements,
)
from locust import LoadTestShape, between, events, task
from locust.contrib.fasthttp import FastHttpUser

RESULTS = Path(__file__).resolve().parent / "results"
ACCOUNTS = Path(os.environ.get("LOAD_ACCOUNTS", RESULTS / "load-accounts.json"))
REQUEST_LOG = Path(os.environ.get("LOAD_REQUEST_LOG", RESULTS / "load-requests.csv"))
MODULES = ["/op-crystal/why-op-crystal/", "/op-crystal/victim-care-log/"]
QUIZ = "/op-crystal/quiz-why-op-crystal/"
MY_TEAMS = "/reports/my-teams/"

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
def _record(name, response_time, response, start_time=None, **_kwargs):
    global _log
    if _log is None:
        _log = REQUEST_LOG.open("w", buffering=1 << 16)
    status = getattr(response, "status_code", 0) if response is not None else 0
    status = status or 0
    started = start_time if start_time is not None else time.time()
    _log.write(f"{started:.3f},{name},{status},{response_time:.1f}\n")


@events.quitting.add_listener
def _close(**_kwargs):
    if _log is not None:
        _log.close()


def _session_cookie(value: str, host: str) -> Cookie:
    return Cookie(
        version=0,
        name="sessionid",
        value=value,
        port=None,
        port_specified=False,
        domain=host,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )


class SignedIn(FastHttpUser):
    abstract = True
    wait_time = between(3, 9)
    role = ""

    def on_start(self):
        host = urlsplit(self.host).hostname or "127.0.0.1"
        session = account(self.role)["session"]
        self.client.cookiejar.set_cookie(_session_cookie(session, host))

    def page(self, url: str, name: str) -> bytes:
        return self.client.get(url, name=name).content or b""

    def form_post(self, url: str, fields: dict, name: str, referer: str):
        """POST a form; the redirect it answers with is not followed here."""
        return self.client.post(
            url,
            data=fields,
            name=name,
            headers={"Referer": self.host + referer},
            allow_redirects=False,
        )


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
        root = PLAYER.search(self.page(url, "module page"))
        if not root or b'data-tracking="off"' in root[0]:
            return
        data = {k.decode(): v.decode() for k, v in DATA_ATTR.findall(root[0])}
        duration = float(data["duration"] or 60)
        session, started, _ = self.watching.get(url) or (
            str(uuid.uuid4()),
            time.time(),
            duration,
        )
        self.watching[url] = (session, started, duration)
        # Watched at normal speed since this session began (never implausible).
        at = round(min(duration, time.time() - started), 3)
        verb = "completed" if at >= duration else "progressed"
        self.client.post(
            "/xapi/statements",
            data=statements(data, session, duration, at, verb),
            name="xapi statements",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-Experience-API-Version": "1.0.3",
                "X-CSRFToken": data["csrf-token"],
                "Referer": self.host + url,
            },
        )
        if verb == "completed":
            del self.watching[url]

    @task(2)
    def answer(self):
        token = csrf(self.page(QUIZ, "quiz page"))
        if not token:
            return
        response = self.form_post(
            QUIZ + "start/", {"csrfmiddlewaretoken": token}, "quiz start", QUIZ
        )
        url = location(response)
        if "/attempt/" not in url:
            return
        html = self.page(url, "quiz question")
        for _ in range(3):
            fields = answer_fields(html)
            if fields is None:
                return
            response = self.form_post(url, fields, "quiz answer", url)
            if response.status_code == 400:  # incomplete: the form again
                html = response.content or b""
                continue
            url = location(response)
            if "/attempt/" not in url:
                return
            html = self.page(url, "quiz question")


class Supervisor(SignedIn):
    weight = 14
    role = "supervisor"

    @task(4)
    def my_teams(self):
        self.read_my_teams()

    def read_my_teams(self):
        html = self.page(MY_TEAMS, "my teams")
        self.reminders = [m.decode() for m in REMIND.findall(html)]
        self.token = csrf(html)

    @task(1)
    def export(self):
        self.page(MY_TEAMS + "export.csv?status=incomplete", "my teams csv")

    @task(1)
    def remind(self):
        if getattr(self, "reminders", None):
            response = self.form_post(
                random.choice(self.reminders),
                {"csrfmiddlewaretoken": self.token, "next": MY_TEAMS},
                "send reminder",
                MY_TEAMS,
            )
            if location(response):
                self.read_my_teams()  # where the redirect leads, as a browser


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


if os.environ.get("LOAD_STEPS"):

    class Staircase(LoadTestShape):
        """Each user count of LOAD_STEPS held for LOAD_STEP_SECONDS, in turn."""

        steps = [int(n) for n in os.environ["LOAD_STEPS"].split(",")]
        seconds = int(os.environ.get("LOAD_STEP_SECONDS", "60"))

        def tick(self):
            index = int(self.get_run_time() // self.seconds)
            if index >= len(self.steps):
                return None
            return self.steps[index], SPAWN_RATE
