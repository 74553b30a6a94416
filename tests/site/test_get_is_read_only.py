"""GET never writes: each role's main pages change nothing in the database.

Every INSERT, UPDATE and DELETE run while a signed-in person opens their pages is
captured; only the bookkeeping on the allow-list below may write, each for the
reason given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Programme, Requirement
from crystal_learning.scheduling.models import DraftPlan, TrainingSession
from crystal_learning.scheduling.services import calendar_feed_create
from crystal_learning.xapi.models import Progress
from modules.models import TilePage, VideoModulePage, VideoWatch
from quizzes.models import QuizAttempt, QuizPage
from quizzes.services import attempt_start, attempt_submit


@dataclass(frozen=True)
class Allowed:
    table: str
    verbs: frozenset[str]
    #: For an UPDATE, the only columns it may set (None: any).
    columns: frozenset[str] | None
    reason: str


ALLOWED = [
    Allowed(
        "django_session",
        frozenset({"INSERT", "UPDATE", "DELETE"}),
        None,
        "Django's session bookkeeping: a page that reads or adds a flash message "
        "saves the session.",
    ),
    Allowed(
        "axes_accessattempt",
        frozenset({"INSERT", "UPDATE", "DELETE"}),
        None,
        "django-axes: sign-in attempts (auth bookkeeping by the lockout).",
    ),
    Allowed(
        "axes_accesslog",
        frozenset({"INSERT", "UPDATE"}),
        None,
        "django-axes: sign-in and sign-out log (auth bookkeeping).",
    ),
    Allowed(
        "wagtailcore_modellogentry",
        frozenset({"INSERT"}),
        None,
        "Audit of exports: downloading a report that names people is logged.",
    ),
    Allowed(
        "crystal_xapi_lrscredential",
        frozenset({"UPDATE"}),
        frozenset({"last_used_at"}),
        "A Statements API key's last use, written at most every few minutes.",
    ),
    Allowed(
        "crystal_quizzes_attemptanswer",
        frozenset({"UPDATE"}),
        frozenset({"shown_at"}),
        "When a question was first shown (written once): its answer time starts "
        "there. Marking, answers and expiry are written only by POSTs and jobs.",
    ),
    Allowed(
        "wagtailcore_pagesubscription",
        frozenset({"INSERT"}),
        None,
        "Wagtail's page editor subscribes its user to the page's comment "
        "notifications when they first open it.",
    ),
    Allowed(
        "wagtailadmin_editingsession",
        frozenset({"INSERT", "UPDATE", "DELETE"}),
        None,
        "Wagtail's page editor notes who has the page open, to warn of "
        "concurrent edits (and clears stale entries).",
    ),
]

WRITE = re.compile(
    r'^\s*(?P<verb>INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(?P<table>\w+)"?',
    re.IGNORECASE,
)
SET_COLUMN = re.compile(r'"(\w+)"\s*=')


def forbidden_writes(sql: str) -> str | None:
    """A description of the write if it is not allowed, else None."""
    match = WRITE.match(sql)
    if match is None:
        return None
    verb = match["verb"].split()[0].upper()
    table = match["table"]
    columns = None
    if verb == "UPDATE":
        set_clause = re.split(r"\bWHERE\b", sql.split(" SET ", 1)[-1])[0]
        columns = frozenset(SET_COLUMN.findall(set_clause))
    for rule in ALLOWED:
        if rule.table != table or verb not in rule.verbs:
            continue
        if rule.columns is None or columns is None or columns <= rule.columns:
            return None
    return f"{verb} {table} {sorted(columns) if columns else ''}".strip()


def writes_on_get(client, urls: list[str]) -> dict[str, list[str]]:
    """GET each URL (200 expected); the writes outside the allow-list, by URL."""
    found: dict[str, list[str]] = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
        assert response.status_code == 200, (url, response.status_code)
        assert queries.captured_queries, url  # the capture sees this request
        bad = [
            problem
            for query in queries.captured_queries
            if (problem := forbidden_writes(query["sql"]))
        ]
        if bad:
            found[url] = bad
    return found


@pytest.fixture
def site(demo_site):
    """The demo force with a learner mid-quiz, a plan, a session, a calendar."""
    officer = Person.objects.get(user__username="officer")
    for module in VideoModulePage.objects.live():  # watched: the quizzes open
        VideoWatch.objects.update_or_create(
            person=officer,
            page=module,
            defaults={"fraction": 1.0, "completed_at": timezone.now()},
        )
        Progress.objects.update_or_create(
            person=officer,
            activity_id=module.activity_id,
            defaults={
                "status": Progress.Status.COMPLETED,
                "progress": 1.0,
                "completed_at": timezone.now(),
            },
        )
    quizzes = list(QuizPage.objects.live().order_by("path"))
    assert len(quizzes) >= 2
    finished = attempt_submit(attempt=attempt_start(person=officer, quiz=quizzes[0]))
    open_attempt = attempt_start(person=officer, quiz=quizzes[1])
    requirement = Requirement.objects.filter(kind="briefing").first()
    session = TrainingSession.objects.create(
        kind=TrainingSession.Kind.BRIEFING,
        title="Op Crystal supervisor briefing",
        requirement=requirement,
        date=timezone.localdate() + timedelta(days=7),
        start=time(10, 0),
        end=time(12, 0),
        venue="HQ, room 2",
        capacity=10,
        audience_ranks=["PS", "INSP"],
    )
    return SimpleNamespace(
        officer=officer,
        feed=calendar_feed_create(person=officer),
        finished=finished,
        open_attempt=open_attempt,
        open_quiz=quizzes[1],
        finished_quiz=quizzes[0],
        module=VideoModulePage.objects.live().order_by("path").first(),
        tile=TilePage.objects.live().order_by("path").first(),
        session=session,
        programme=Programme.objects.order_by("pk").first(),
        plan=DraftPlan.objects.create(
            requirement=requirement,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=30),
            created_at=timezone.now(),
        ),
    )


def learner_pages(s) -> list[str]:
    quiz, attempt = s.open_quiz, s.open_attempt
    base = f"{quiz.url}attempt/{attempt.registration}/"
    return [
        "/",
        s.tile.url,
        s.module.url,
        "/my-training/",
        quiz.url,
        base + "1/",
        base + "2/",
        base + "summary/",
        f"{s.finished_quiz.url}attempt/{s.finished.registration}/",
        f"/calendar/{s.feed.token}.ics",
        "/xapi/statements",
    ]


def supervisor_pages(s) -> list[str]:
    return [
        "/my-training/",
        "/reports/my-teams/",
        "/reports/my-teams/export.csv",
        "/reports/my-teams/export.xlsx",
        "/quizzes/reviews/",
    ]


def manager_pages(s) -> list[str]:
    return [
        "/my-training/",
        "/reports/coverage/",
        "/reports/abstraction/",
        "/quizzes/reviews/",
        "/admin/",
        "/admin/reports/training/coverage/",
        "/admin/reports/training/overdue/",
        "/admin/reports/training/performance-review/",
        "/admin/reports/quiz-items/",
        "/admin/plans/",
        f"/admin/plans/{s.plan.pk}/",
        "/admin/plans/calendar/",
        "/admin/training_sessions/",
        f"/admin/training_sessions/{s.session.pk}/bookings/",
        f"/calendar/sessions/{s.session.uuid}.ics",
        "/admin/programmes/",
        f"/admin/programmes/{s.programme.pk}/retraining/",
        "/admin/people-import/",
        "/admin/victim-care/",
        "/admin/victim-care/import/",
        "/admin/crystal_people_person/",
    ]


def editor_pages(s) -> list[str]:
    return [
        "/my-training/",
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{s.module.pk}/edit/",
        f"/admin/pages/{s.open_quiz.pk}/edit/",
        "/admin/reports/quiz-items/",
        "/admin/media/",
        "/admin/documents/",
    ]


@pytest.mark.parametrize(
    ("username", "pages"),
    [
        ("officer", learner_pages),
        ("sergeant", supervisor_pages),
        ("manager", manager_pages),
        ("editor", editor_pages),
    ],
)
def test_opening_a_roles_pages_writes_nothing(client, site, username, pages):
    client.force_login(User.objects.get(username=username))
    assert writes_on_get(client, pages(site)) == {}


def test_the_learners_pages_leave_the_quiz_attempts_as_they_were(client, site):
    before = list(QuizAttempt.objects.order_by("pk").values())
    client.force_login(site.officer.user)
    writes_on_get(client, learner_pages(site))
    assert list(QuizAttempt.objects.order_by("pk").values()) == before


def test_the_allow_list_catches_a_write_on_get():
    """The check itself: a domain write is reported, bookkeeping is not."""
    assert forbidden_writes(
        'INSERT INTO "crystal_scheduling_calendarfeed" ("person_id") VALUES (1)'
    )
    assert forbidden_writes(
        'UPDATE "crystal_quizzes_attemptanswer" SET "score" = 1 WHERE "id" = 2'
    )
    assert (
        forbidden_writes(
            'UPDATE "crystal_quizzes_attemptanswer" SET "shown_at" = %s '
            'WHERE ("id" = 2 AND "shown_at" IS NULL)'
        )
        is None
    )
    assert forbidden_writes('UPDATE "django_session" SET "x" = 1') is None
    assert forbidden_writes('SELECT "id" FROM "crystal_people_person"') is None
