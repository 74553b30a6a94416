"""Values no field can hold, typed or sent on purpose: a clear message, nothing
stored, never a server error (SQLite and PostgreSQL alike)."""

from __future__ import annotations

import pytest

from quizzes.models import QuizAttempt, QuizPage
from tests.helpers import sign_in
from tests.quizzes.helpers import complete_module, officer, right_answer, start

pytestmark = pytest.mark.django_db

ITEMS = "/admin/reports/quiz-items/"
TOO_BIG = "9" * 23


def test_a_quiz_id_too_big_for_any_column_is_a_filter_error(client, force):
    sign_in(client, "manager")
    page = client.get(ITEMS, {"quiz": TOO_BIG})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    export = client.get(ITEMS, {"quiz": TOO_BIG, "export": "csv"})
    assert export.status_code == 400
    assert export.content.decode().startswith("Nothing exported. Quiz: ")


def test_a_real_quiz_id_still_filters(client, force):
    quiz = QuizPage.objects.get(slug="quiz-victim-care-log")
    sign_in(client, "manager")
    page = client.get(ITEMS, {"quiz": quiz.pk})
    assert page.status_code == 200
    assert "Select a valid choice" not in page.content.decode()


def test_a_rationale_with_a_nul_character_is_refused_and_nothing_saved(
    client, demo_site
):
    quiz = QuizPage.objects.get(slug="quiz-victim-care-log")
    complete_module(officer(), quiz)
    sign_in(client, "officer")
    start(client, quiz)
    attempt = QuizAttempt.objects.get()
    item = next(a for a in attempt.answers.all() if a.question["type"] == "scenario")
    data = right_answer(item.question)
    box = item.question["boxes"][0]["box"]
    data[f"{box}-rationale"] = "She asked for email\x00"
    response = client.post(
        f"{quiz.url}attempt/{attempt.registration}/{item.position}/", data
    )
    assert response.status_code == 400
    assert "Remove the NUL character from this answer" in response.content.decode()
    item.refresh_from_db()
    assert item.response == {}
