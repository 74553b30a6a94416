"""Editors write quizzes inline in the Wagtail admin and preview an attempt."""

from __future__ import annotations

from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from modules.models import TilePage, VideoModulePage
from quizzes.models import QuizPage
from tests.helpers import sign_in


def listblock(items: list[dict]) -> dict:
    data = {"count": len(items)}
    for index, value in enumerate(items):
        data[str(index)] = {"value": value, "deleted": "", "order": index, "id": ""}
    return data


def option(text: str, correct: bool, feedback: str = "") -> dict:
    data = {"text": text, "feedback": feedback}
    if correct:
        data["correct"] = "on"
    return data


def quiz_form(questions) -> dict:
    return nested_form_data(
        {
            "title": "Quiz 4: Updates",
            "slug": "quiz-updates",
            "summary": "",
            "intro": rich_text(""),
            "pass_mark": "80",
            "attempts_allowed": "0",
            "questions_per_attempt": "0",
            "shuffle_questions": "on",
            "shuffle_options": "on",
            "time_limit_minutes": "",
            "feedback_mode": "after_each",
            "content_version": "1",
            "questions": streamfield(questions),
        }
    )


def single_choice(*options) -> tuple:
    return (
        "single_choice",
        {
            "prompt": rich_text("<p>How soon must a victim hear of an arrest?</p>"),
            "marks": "1",
            "explanation": rich_text("<p>Five working days, or one.</p>"),
            "options": listblock(list(options)),
        },
    )


def test_an_editor_adds_a_quiz_with_questions_inline(force, client):
    tile = TilePage.objects.get(slug="victim-care")
    sign_in(client, "editor")
    data = quiz_form(
        [
            single_choice(
                option("Within 5 working days", True),
                option("Within a month", False, "Too slow."),
            )
        ]
    )
    data["action-publish"] = "action-publish"
    url = reverse(
        "wagtailadmin_pages:add", args=["crystal_quizzes", "quizpage", tile.pk]
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = QuizPage.objects.get(slug="quiz-updates")
    assert quiz.live and quiz.bank_size == 1
    question = quiz.questions[0]
    assert [o["correct"] for o in question.value["options"]] == [True, False]


def test_a_single_choice_question_needs_exactly_one_right_option(force, client):
    tile = TilePage.objects.get(slug="victim-care")
    sign_in(client, "editor")
    data = quiz_form(
        [single_choice(option("Within 5 working days", True), option("Now", True))]
    )
    url = reverse(
        "wagtailadmin_pages:add", args=["crystal_quizzes", "quizpage", tile.pk]
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Mark exactly one option correct." in response.content.decode()
    assert not QuizPage.objects.filter(slug="quiz-updates").exists()


def test_the_preview_shows_an_attempt_without_answers(question_banks, client):
    quiz = QuizPage.objects.get(slug="quiz-victim-care-log")
    sign_in(client, "editor")
    html = client.get(
        reverse("wagtailadmin_pages:view_draft", args=[quiz.pk])
    ).content.decode()
    assert "An attempt as a learner sees it" in html
    assert html.count("Question ") >= 10
    assert "Complete the victim care log for this case." in html
    assert "Right answer" not in html and "correct" not in html.lower()


def test_a_module_links_its_quiz_in_the_admin(force):
    module = VideoModulePage.objects.get(slug="closing-a-crime")
    assert module.quiz.slug == "quiz-closing-a-crime"
    panel_fields = [
        getattr(panel, "field_name", None) for panel in VideoModulePage.content_panels
    ]
    assert "quiz" in panel_fields
