"""Helpers for quiz tests: watching the module first, then answering as a learner."""

from __future__ import annotations

from crystal_learning.people.models import Person
from modules.models import VideoModulePage
from quizzes.models import QuizPage
from tests.modules.factories import module_watched


def officer() -> Person:
    return Person.objects.get(user__username="officer")


def complete_module(person: Person, quiz: QuizPage) -> None:
    module_watched(person, VideoModulePage.objects.get(quiz=quiz))


def start(client, quiz: QuizPage):
    response = client.post(quiz.url + "start/")
    assert response.status_code == 302, response
    return response


def right_answer(question: dict) -> dict:
    """What a learner who knows the answers posts for a question."""
    if question["type"] in ("single_choice", "true_false"):
        return {"choice": next(o["id"] for o in question["options"] if o["correct"])}
    if question["type"] == "multiple_choice":
        return {"choices": [o["id"] for o in question["options"] if o["correct"]]}
    if question["type"] == "needs_assessment":
        return {
            "choices": [o["id"] for o in question["options"] if o["correct"]],
            "enhanced": question["enhanced"],
        }
    data = {}
    for box in question["boxes"]:
        code = box["box"]
        data[f"{code}-answer"] = box["expected"]
        if box["expected_format"]:
            data[f"{code}-format"] = box["expected_format"]
        alternatives = [alts[0] for alts in box["terms"]]
        data[f"{code}-rationale"] = (
            "The investigation is ongoing and she is a witness, not a victim: "
            + " ".join(alternatives)
        )
    return data


def wrong_answer(question: dict) -> dict:
    """The same wrong answers every time, whatever order the options came in."""
    if question["type"] in ("single_choice", "true_false"):
        wrong = sorted(
            (o for o in question["options"] if not o["correct"]),
            key=lambda o: o["text"],
        )
        return {"choice": wrong[0]["id"]}
    if question["type"] == "multiple_choice":
        return {"choices": [o["id"] for o in question["options"]]}
    if question["type"] == "needs_assessment":
        return {"choices": [o["id"] for o in question["options"]], "enhanced": "no"}
    return {f"{b['box']}-answer": "yes" for b in question["boxes"]} | {
        "leaflet-format": "paper"
    }


def answer_all(client, quiz, attempt, answer=right_answer) -> list[str]:
    """Answer every question in order; returns the HTML of every page seen."""
    pages = []
    for item in attempt.answers.order_by("position"):
        url = f"{quiz.url}attempt/{attempt.registration}/{item.position}/"
        page = client.get(url)
        assert page.status_code == 200
        pages.append(page.content.decode())
        response = client.post(url, answer(item.question))
        assert response.status_code == 302, response.content.decode()[:2000]
    summary = client.get(f"{quiz.url}attempt/{attempt.registration}/summary/")
    pages.append(summary.content.decode())
    return pages
