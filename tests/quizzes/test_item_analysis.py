"""Item analysis for training managers: per question, counted and exportable."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.models import QuizAttempt, QuizPage
from tests.helpers import sign_in
from tests.people.factories import PersonFactory
from tests.quizzes.helpers import (
    answer_all,
    complete_module,
    officer,
    right_answer,
    start,
    wrong_answer,
)

URL = "/admin/reports/quiz-items/"


def take(client, quiz, answer):
    start(client, quiz)
    attempt = QuizAttempt.objects.get(status=QuizAttempt.Status.IN_PROGRESS)
    answer_all(client, quiz, attempt, answer=answer)
    client.post(f"{quiz.url}attempt/{attempt.registration}/submit/")


def test_item_analysis_counts_answers_and_exports(client, question_banks):
    quiz = QuizPage.objects.get(slug="quiz-victim-care-log")
    complete_module(officer(), quiz)
    sign_in(client, "officer")
    take(client, quiz, wrong_answer)
    take(client, quiz, right_answer)
    take(client, quiz, wrong_answer)
    client.logout()

    sign_in(client, "manager")
    html = client.get(URL, {"quiz": quiz.pk}).content.decode()
    assert "Quiz item analysis" in html
    bank = len(quiz.questions)
    assert html.count("Quiz 2: The victim care log") >= bank

    export = client.get(URL, {"quiz": quiz.pk, "export": "csv"})
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == bank
    for row in rows:
        assert row["Attempts"] == "3"
        assert row["Correct (%)"] == "33"
        assert row["Most chosen wrong answer"], row
        assert row["Times chosen"] in ("1", "2", "3", "4")
    scenario = next(r for r in rows if r["Type"] == "scenario")
    assert scenario["Most chosen wrong answer"] in (
        "Victim of crime leaflet",  # paper, where she asked for email
        "Right to review (on NFA)",
        "Compensation",
    )
    # The wrong answer for a single choice is the option's text.
    leaflet = next(r for r in rows if r["Question"].startswith("In which formats"))
    assert leaflet["Most chosen wrong answer"] in ("Paper only", "Only by email")
    assert leaflet["Times chosen"] == "2"

    xlsx = client.get(URL, {"quiz": quiz.pk, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == bank + 1  # the heading and a row per question


def test_item_analysis_runs_in_a_fixed_number_of_queries(client, question_banks):
    quiz = QuizPage.objects.get(slug="quiz-victim-care-log")
    sign_in(client, "manager")
    client.get(URL)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"quiz": quiz.pk}).status_code == 200
        return len(captured)

    complete_module(officer(), quiz)
    client.logout()
    sign_in(client, "officer")
    take(client, quiz, wrong_answer)
    client.logout()
    sign_in(client, "manager")
    before = queries()
    # More people and attempts.
    for _ in range(3):
        person = PersonFactory(team=officer().team)
        person.user.set_password("crystal-demo")
        person.user.save()
        complete_module(person, quiz)
        client.logout()
        sign_in(client, person.user.username)
        take(client, quiz, right_answer)
    client.logout()
    sign_in(client, "manager")
    assert queries() == before


def test_officers_and_supervisors_cannot_open_item_analysis(client, question_banks):
    for username in ("officer", "sergeant"):
        sign_in(client, username)
        response = client.get(URL)
        assert response.status_code in (302, 403)
        client.logout()
