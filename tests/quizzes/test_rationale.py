"""Scenario rationales are judged for meaning: negation, other words for the
same thing, an explanation of what was expected, and a person for the rest."""

from __future__ import annotations

import pytest

from quizzes import marking
from quizzes.models import AttemptAnswer, QuizAttempt, QuizPage
from quizzes.rationale import Verdict, rationale_judge
from tests.helpers import sign_in
from tests.quizzes.helpers import (
    answer_all,
    complete_module,
    officer,
    right_answer,
    start,
)

NOT_CLOSED = [
    ["not closed", "ongoing", "open", "still being investigated", "under investigation"]
]


def review_box(**overrides) -> dict:
    base = {
        "box": "right_to_review",
        "label": "Right to review",
        "expected": "no",
        "expected_format": "",
        "no_acceptable": False,
        "rule": "terms",
        "terms": NOT_CLOSED,
        "min_length": 15,
        "guidance": "Not closed yet: nothing to review.",
    }
    return base | overrides


@pytest.mark.parametrize(
    "rationale",
    [
        "Investigation at an early stage; no NFA decision yet.",
        "Enquiries are continuing, CCTV still to be viewed.",
        "The crime isn't closed yet.",
        "Still open - suspect outstanding.",
    ],
)
def test_a_sensible_reason_in_other_words_is_right(rationale):
    assert rationale_judge(review_box(), rationale).verdict == Verdict.MEETS


def test_a_missed_step_fails_and_says_what_was_expected():
    judgement = rationale_judge(review_box(), "I forgot, he was not open to chatting")
    assert judgement.verdict == Verdict.FAILS
    assert "a step was missed" in judgement.explanation
    assert "Not closed yet: nothing to review." in judgement.explanation


def test_a_negated_term_does_not_count_and_goes_to_a_person():
    judgement = rationale_judge(review_box(), "He was not open to chatting about it.")
    assert judgement.verdict == Verdict.BORDERLINE
    assert "supervisor" in judgement.explanation


def test_too_short_fails_with_the_expected_entry():
    judgement = rationale_judge(review_box(guidance=""), "open")
    assert judgement.verdict == Verdict.FAILS
    assert "'not closed' or 'ongoing' or 'open'" in judgement.explanation


def test_a_borderline_box_waits_for_review_and_the_review_decides():
    question = {
        "id": "s",
        "type": "scenario",
        "prompt": "<p>A case.</p>",
        "marks": 2,
        "boxes": [review_box()],
    }
    response = {
        "boxes": {
            "right_to_review": {
                "answer": "no",
                "rationale": "Victim told of the process at the scene already.",
            }
        }
    }
    waiting = marking.mark(question, response)
    assert waiting.pending
    assert "supervisor" in waiting.boxes[0].reason
    accepted = marking.mark(question, response, {"right_to_review": {"accepted": True}})
    assert accepted.correct and accepted.score == 2.0
    rejected = marking.mark(
        question, response, {"right_to_review": {"accepted": False}}
    )
    assert rejected.correct is False and rejected.score == 0.0


def test_a_borderline_rationale_reaches_the_supervisors_review_queue(
    client, question_banks
):
    quiz = QuizPage.objects.get(slug="quiz-victim-care-log")
    me = officer()
    complete_module(me, quiz)
    sign_in(client, "officer")
    start(client, quiz)
    attempt = QuizAttempt.objects.get()
    # The domestic abuse case: the leaflet is withheld, in words the list lacks.
    said = "Ms Lewis asked me to send nothing to the house she shares with him."

    def answer(question):
        data = right_answer(question)
        for box in question.get("boxes", []):
            if box["expected"] == "no" and box["rule"] == "terms":
                data[f"{box['box']}-rationale"] = said
        return data

    answer_all(client, quiz, attempt, answer=answer)
    client.post(f"{quiz.url}attempt/{attempt.registration}/submit/")
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.PENDING_REVIEW
    client.logout()

    sign_in(client, "sergeant")  # supervises the officer's team
    assert said in client.get("/quizzes/reviews/").text
    flagged = AttemptAnswer.objects.get(attempt=attempt, correct__isnull=True)
    client.post(
        f"/quizzes/reviews/{flagged.pk}/",
        {"box": "leaflet", "decision": "accept"},
    )
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.PASSED
