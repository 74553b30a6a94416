"""The pages of bench/load.py one at a time, in one process: time, queries and
where the time goes (cProfile), on a demo database with production settings.

    .venv/bin/python bench/page_profile.py --db postgres --prepare
    .venv/bin/python bench/page_profile.py --db postgres --repeat 20 \
        --profile "quiz start,quiz answer,send reminder"

--prepare builds the database first (migrate, the demo force with its 100-day
history, collectstatic into bench/results/); later runs reuse it. Each page is
requested as load.py's users request it (the same officer, supervisor and
training manager throughout, through Django's test client: middleware,
sessions, templates, no HTTP), once to warm up, then --repeat times: the
median wall-clock and CPU (this process's: the figure load does not inflate)
milliseconds and the queries of one request. Pages named in
--profile are then run --repeat times more under cProfile, and the functions
with the most time (their own, and with what they call) are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import RESULTS, environment, fresh_database, manage  # noqa: E402
from load_pages import (  # noqa: E402
    DATA_ATTR,
    PLAYER,
    REMIND,
    answer_fields,
    location,
    statements,
)

QUIZ = "/op-crystal/quiz-why-op-crystal/"
MODULE = "/op-crystal/why-op-crystal/"
MY_TEAMS = "/reports/my-teams/"


class Walk:
    """One officer, supervisor and manager, and what load.py's users do."""

    def __init__(self) -> None:
        from django.test import Client

        from crystal_learning.people.models import Person

        def client_for(person) -> Client:
            client = Client()
            client.force_login(person.user)
            return client

        officer = (
            Person.objects.filter(rank="PC", active=True, assignments__isnull=False)
            .distinct()
            .order_by("pk")
            .first()
        )
        self.officer = client_for(officer)
        self.supervisors = self._supervisors(client_for)
        self.supervisor = next(self.supervisors)
        self.manager = client_for(self._manager())
        self.question = ""
        self.reminders: list[str] = []
        self.data: dict = {}
        self.fields: dict | None = None

    def _supervisors(self, client_for):
        """Supervisors with reminders to send (a button on My teams), in turn."""
        from crystal_learning.people.models import Person

        sergeants = (
            Person.objects.filter(supervises__isnull=False, active=True)
            .distinct()
            .order_by("pk")
        )
        for sergeant in sergeants:
            client = client_for(sergeant)
            if REMIND.search(client.get(MY_TEAMS).content):
                yield client

    def _manager(self):
        from django.contrib.auth.models import Group

        from crystal_learning.people.models import Person

        person = Person.objects.filter(rank="STAFF", active=True).order_by("pk")[0]
        person.user.groups.add(Group.objects.get(name="Training manager"))
        return person

    def pages(self) -> dict:
        """Page name -> (what to do first, untimed, or None; the request)."""
        get = {
            "my training": (self.officer, "/my-training/"),
            "tile": (self.officer, "/op-crystal/"),
            "module page": (self.officer, MODULE),
            "quiz page": (self.officer, QUIZ),
            "my teams": (self.supervisor, MY_TEAMS),
            "my teams csv": (
                self.supervisor,
                MY_TEAMS + "export.csv?status=incomplete",
            ),
            "coverage": (self.manager, "/reports/coverage/"),
            "abstraction": (self.manager, "/reports/abstraction/"),
            "admin overdue report": (self.manager, "/admin/reports/training/overdue/"),
        }
        pages = {
            name: (None, lambda client=client, url=url: client.get(url))
            for name, (client, url) in get.items()
        }
        return pages | {
            "xapi statements": (self.player, self.xapi_statements),
            "quiz start": (None, self.quiz_start),
            "quiz question": (self.quiz_ready, self.quiz_question),
            "quiz answer": (self.answer_ready, self.quiz_answer),
            "send reminder": (self.reminders_ready, self.send_reminder),
        }

    def player(self) -> None:
        root = PLAYER.search(self.officer.get(MODULE).content)
        self.data = {k.decode(): v.decode() for k, v in DATA_ATTR.findall(root[0])}

    def xapi_statements(self):
        body = statements(self.data, str(uuid.uuid4()), 60.0, 30.0, "progressed")
        return self.officer.post(
            "/xapi/statements",
            body,
            content_type="application/json",
            headers={"X-Experience-API-Version": "1.0.3"},
        )

    def quiz_start(self):
        response = self.officer.post(QUIZ + "start/", {"csrfmiddlewaretoken": "-"})
        self.question = location(response)
        return response

    def quiz_ready(self) -> None:
        if "/attempt/" not in self.question:
            self.quiz_start()

    def quiz_question(self):
        return self.officer.get(self.question)

    def answer_ready(self) -> None:
        self.quiz_ready()
        page = self.quiz_question()
        self.fields = answer_fields(page.content) if page.status_code == 200 else None
        if self.fields is None:  # the summary: back to the first question
            self.quiz_start()
            self.fields = answer_fields(self.quiz_question().content) or {}

    def quiz_answer(self):
        response = self.officer.post(self.question, self.fields)
        # Refused (400: the walk leaves a scenario box empty): the next one.
        self.question = location(response) or re.sub(
            r"/(\d+)/$", lambda m: f"/{int(m[1]) + 1}/", self.question
        )
        return response

    def reminders_ready(self) -> None:
        while not self.reminders:
            page = self.supervisor.get(MY_TEAMS).content
            self.reminders = [m.decode() for m in REMIND.findall(page)]
            if not self.reminders:  # all sent today: the next supervisor
                self.supervisor = next(self.supervisors)

    def send_reminder(self):
        return self.supervisor.post(
            self.reminders.pop(), {"csrfmiddlewaretoken": "-", "next": MY_TEAMS}
        )


def measure(name: str, page, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ready, page = page
    ready = ready or (lambda: None)
    ready()
    status = page().status_code  # warm up
    times, cpu = [], []
    for _ in range(repeat):
        ready()
        with CaptureQueriesContext(connection) as queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            status = page().status_code
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
    return {
        "page": name,
        "status": status,
        "ms": statistics.median(times),
        "cpu_ms": statistics.median(cpu),
        "queries": len(queries),
        "sql": [q["sql"][:160] for q in queries.captured_queries],
    }


def profile(page, repeat: int, top: int) -> str:
    ready, page = page
    profiler = cProfile.Profile()
    for _ in range(repeat):
        if ready:
            ready()
        profiler.enable()
        page()
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--name", default="crystal_profile")
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", default="", help="pages, comma-separated")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sql", action="store_true", help="print each page's SQL")
    args = parser.parse_args()
    env = environment(args.db, args.name) | {
        "ALLOWED_HOSTS": "testserver",
        "STATIC_ROOT": str(RESULTS / f"{args.name}-static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
    }
    if args.prepare:
        fresh_database(args.db, args.name)
        manage(env, "migrate", "--no-input")
        manage(env, "crystal_demo", "--history")
        manage(env, "collectstatic", "--no-input")
    os.environ.update(env)
    # The site as gunicorn loads it (django.setup(), then gc.freeze()).
    importlib.import_module("crystal_learning.wsgi")
    from django.conf import settings

    settings.CRYSTAL_MANUAL_REMINDERS_PER_HOUR = 100_000  # the walk sends many
    walk = Walk()
    pages = walk.pages()
    results = [measure(name, page, args.repeat) for name, page in pages.items()]
    print(f"{'page':24} {'status':>6} {'median ms':>9} {'cpu ms':>7} {'queries':>7}")
    for r in results:
        print(
            f"{r['page']:24} {r['status']:6} {r['ms']:9.1f} {r['cpu_ms']:7.1f}"
            f" {r['queries']:7}"
        )
        if args.sql:
            print("    " + "\n    ".join(r["sql"]))
    (RESULTS / f"page_profile-{args.db}.json").write_text(json.dumps(results))
    for name in filter(None, args.profile.split(",")):
        print(f"\n===== {name.strip()} x {args.repeat} under cProfile")
        print(profile(pages[name.strip()], args.repeat, args.top))


if __name__ == "__main__":
    main()
