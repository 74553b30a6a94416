"""Reads for quizzes: feedback on a marked attempt, rationales awaiting review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from crystal_learning.people.models import Person

from . import marking
from .models import AttemptAnswer, QuizAttempt, QuizPage


@dataclass
class FeedbackItem:
    position: int
    question: dict
    response: dict
    mark: marking.Mark
    score: float | None
    options: list[dict]
    boxes: list[dict]

    @property
    def enhanced_answer(self) -> str:
        """A needs assessment practice: the learner's call on enhanced rights."""
        return marking.ANSWER_LABELS.get(self.response.get("enhanced", ""), "")

    @property
    def enhanced_expected(self) -> str:
        return marking.ANSWER_LABELS.get(self.question.get("enhanced", ""), "")


def attempt_feedback(attempt: QuizAttempt) -> list[FeedbackItem]:
    """Per question: what was chosen, what was right, the feedback. Only for a
    submitted attempt (the caller checks the quiz's feedback mode)."""
    if attempt.is_open:
        raise ValueError("feedback on an open attempt would reveal the answers")
    items = []
    for answer in attempt.answers.order_by("position"):
        question, response = answer.question, answer.response
        result = marking.mark(question, response, answer.reviews)
        chosen = set(response.get("choices", [])) | {response.get("choice")}
        options = [
            {**option, "chosen": option["id"] in chosen}
            for option in question.get("options", [])
        ]
        marks_by_box = {b.box: b for b in result.boxes}
        boxes = []
        for box in question.get("boxes", []):
            entry = response.get("boxes", {}).get(box["box"], {})
            boxed = marks_by_box.get(box["box"])
            boxes.append(
                {
                    **box,
                    "answer": entry.get("answer", ""),
                    "answer_label": marking.ANSWER_LABELS.get(
                        entry.get("answer", ""), ""
                    ),
                    "expected_label": marking.ANSWER_LABELS.get(
                        box["expected"], box["expected"]
                    ),
                    "format": marking.FORMAT_LABELS.get(entry.get("format", ""), ""),
                    "expected_format_label": marking.FORMAT_LABELS.get(
                        box["expected_format"], ""
                    ),
                    "rationale": entry.get("rationale", ""),
                    "right": boxed.right if boxed else None,
                    "reason": boxed.reason if boxed else "",
                }
            )
        items.append(
            FeedbackItem(
                position=answer.position,
                question=question,
                response=response,
                mark=result,
                score=answer.score,
                options=options,
                boxes=boxes,
            )
        )
    return items


@dataclass
class PendingRationale:
    answer: AttemptAnswer
    person: Person
    quiz_title: str
    box: dict
    rationale: str


def pending_rationales(*, people: QuerySet[Person], reviewer) -> list[PendingRationale]:
    """Rationales flagged for review in attempts of people the reviewer may see
    (never the reviewer's own)."""
    answers = (
        AttemptAnswer.objects.filter(
            attempt__status=QuizAttempt.Status.PENDING_REVIEW,
            attempt__person__in=people,
            correct__isnull=True,
        )
        .exclude(attempt__person__user=reviewer)
        .select_related("attempt__person", "attempt__quiz")
        .order_by("attempt__submitted_at", "position")
    )
    items = []
    for answer in answers:
        result = marking.mark(answer.question, answer.response, answer.reviews)
        boxes = {box["box"]: box for box in answer.question.get("boxes", [])}
        for boxed in result.boxes:
            if boxed.right is None:
                entry = answer.response.get("boxes", {}).get(boxed.box, {})
                items.append(
                    PendingRationale(
                        answer=answer,
                        person=answer.attempt.person,
                        quiz_title=answer.attempt.quiz.title,
                        box=boxes[boxed.box],
                        rationale=entry.get("rationale", ""),
                    )
                )
    return items


def feedback_shown(*, attempt: QuizAttempt) -> bool:
    """Whether the attempt's result may show the right answers: after every
    attempt, or only once the learner has passed this version of the quiz (a
    pass of an earlier version says nothing about the new questions)."""
    quiz = attempt.quiz
    if quiz.feedback_mode == QuizPage.Feedback.AFTER_EACH_ATTEMPT:
        return True
    return QuizAttempt.objects.filter(
        person_id=attempt.person_id,
        quiz=quiz,
        content_version=attempt.content_version,
        status=QuizAttempt.Status.PASSED,
    ).exists()


def attempt_timed_out(*, attempt: QuizAttempt, now: datetime | None = None) -> bool:
    """Whether an open attempt is past its time limit. Only reads: a submit or the
    expiry job (services.attempts_expire_overdue) closes and records it."""
    if not attempt.is_open or attempt.deadline is None:
        return False
    return (now or timezone.now()) >= attempt.deadline
