"""A learner cannot read the answer key back through the Statements API.

Found by a hostile learner: with a quiz set to show feedback only once passed,
their own `answered` statements (read with the browser session) held
`correctResponsesPattern` and each response's success; option ids are stable
across attempts, so the next attempt passed.
"""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from crystal_learning.people.models import Person
from crystal_learning.xapi.services import credential_create
from crystal_learning.xapi.vocabulary import Verb
from modules.models import VideoModulePage
from quizzes.models import QuizAttempt, QuizPage
from tests.modules.factories import module_watched

XAPI = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}


@pytest.fixture
def failed_attempt(client, force) -> QuizAttempt:
    quiz = QuizPage.objects.get(slug="quiz-victim-care-log")
    quiz.feedback_mode = QuizPage.Feedback.ONCE_PASSED
    quiz.save_revision().publish()
    officer = Person.objects.get(user__username="officer")
    module_watched(officer, VideoModulePage.objects.get(quiz=quiz))
    client.post(
        "/accounts/sign-in/", {"username": "officer", "password": "crystal-demo"}
    )
    assert client.post(quiz.url + "start/").status_code == 302
    attempt = QuizAttempt.objects.get()
    client.post(f"{quiz.url}attempt/{attempt.registration}/submit/")
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.FAILED
    return attempt


def answered(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["statements"]


def test_the_learner_reads_their_answers_without_the_key(client, failed_attempt):
    statements = answered(
        client.get("/xapi/statements", {"verb": Verb.ANSWERED}, **XAPI)
    )
    assert len(statements) == failed_attempt.answers.count()
    text = json.dumps(statements)
    assert "correctResponsesPattern" not in text
    for statement in statements:
        assert "success" not in statement.get("result", {})
        assert "score" not in statement.get("result", {})
    # Nor one at a time.
    one = client.get(
        "/xapi/statements", {"statementId": statements[0]["id"]}, **XAPI
    ).json()
    assert "correctResponsesPattern" not in json.dumps(one)


def test_an_api_client_with_read_scope_still_gets_full_statements(failed_attempt):
    credential_create(name="reporting", secret="a-long-test-secret", scopes=["all"])
    token = base64.b64encode(b"reporting:a-long-test-secret").decode()
    statements = answered(
        Client().get(
            "/xapi/statements",
            {"verb": Verb.ANSWERED},
            HTTP_AUTHORIZATION=f"Basic {token}",
            **XAPI,
        )
    )
    assert any(
        "correctResponsesPattern" in s["object"]["definition"] for s in statements
    )
    assert all("success" in s["result"] for s in statements)


@pytest.mark.parametrize("fmt", ["exact", "ids", "canonical"])
def test_no_format_gives_the_key_away(client, failed_attempt, fmt):
    statements = answered(
        client.get("/xapi/statements", {"verb": Verb.ANSWERED, "format": fmt}, **XAPI)
    )
    one = client.get(
        "/xapi/statements", {"statementId": statements[0]["id"], "format": fmt}, **XAPI
    ).json()
    for statement in [*statements, one]:
        assert "correctResponsesPattern" not in json.dumps(statement)
        assert "success" not in statement.get("result", {})


def test_a_pass_of_the_old_version_shows_no_answers_for_the_new_one(
    client, failed_attempt
):
    quiz = failed_attempt.quiz
    failed_attempt.status = QuizAttempt.Status.PASSED  # passed version 1
    failed_attempt.save(update_fields=["status"])
    quiz.content_version = 2
    quiz.save_revision().publish()
    assert client.post(quiz.url + "start/").status_code == 302
    attempt = QuizAttempt.objects.get(content_version=2)
    client.post(f"{quiz.url}attempt/{attempt.registration}/submit/")
    page = client.get(f"{quiz.url}attempt/{attempt.registration}/").text
    assert "The answers are shown once you have passed this quiz." in page
    assert "Right answer" not in page
