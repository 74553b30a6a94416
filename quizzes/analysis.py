"""Item analysis: how each question performs, for training managers and editors.

Per question of a quiz, over submitted and marked attempts: how often it was
drawn, how often answered, the share answered correctly, the wrong answer chosen
most often (for a scenario: the record box most often got wrong), and the
median time from showing the question to saving the answer.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from . import marking
from .models import AttemptAnswer, QuizAttempt, QuizPage

MARKED = [QuizAttempt.Status.PASSED, QuizAttempt.Status.FAILED]


@dataclass
class ItemRow:
    quiz: str
    question_id: str
    bank_position: int | None
    question: str
    kind: str
    drawn: int
    answered: int
    correct: int
    wrong_choice: str
    wrong_choice_count: int
    median_seconds: float | None

    @property
    def percent_correct(self) -> int | None:
        return round(100 * self.correct / self.answered) if self.answered else None


def marked_answers() -> QuerySet[AttemptAnswer]:
    return AttemptAnswer.objects.filter(attempt__status__in=MARKED)


def item_counts(answers: QuerySet[AttemptAnswer]) -> QuerySet:
    """One row per (quiz, question): counted in the database."""
    return (
        answers.values("attempt__quiz", "question_id")
        .annotate(
            drawn=Count("pk"),
            answered=Count("pk", filter=~Q(response={})),
            right=Count("pk", filter=Q(correct=True)),
        )
        .order_by("attempt__quiz", "question_id")
    )


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _wrong_choices(question: dict, responses: list[dict]) -> Counter:
    wrong: Counter = Counter()
    if question["type"] == "scenario":
        for response in responses:
            for box in marking.mark(question, response).boxes:
                if box.right is False:
                    wrong[marking.BOX_LABELS.get(box.box, box.box)] += 1
        return wrong
    labels = {o["id"]: o["text"] for o in question.get("options", [])}
    right = {o["id"] for o in question.get("options", []) if o["correct"]}
    for response in responses:
        chosen = response.get("choices") or [response.get("choice")]
        wrong.update(labels[c] for c in chosen if c in labels and c not in right)
    return wrong


def item_rows(counts: list[dict], answers: QuerySet[AttemptAnswer]) -> list[ItemRow]:
    """Complete the counted rows with the details that need the responses: two
    more queries whatever the number of rows or answers."""
    if not counts:
        return []
    ids = {row["question_id"] for row in counts}
    quizzes = {
        q.pk: q
        for q in QuizPage.objects.filter(pk__in={r["attempt__quiz"] for r in counts})
    }
    snapshots: dict[str, dict] = {}
    responses: dict[str, list[dict]] = defaultdict(list)
    seconds: dict[str, list[float]] = defaultdict(list)
    for question_id, question, response, correct, spent in answers.filter(
        question_id__in=ids
    ).values_list("question_id", "question", "response", "correct", "seconds"):
        snapshots.setdefault(question_id, question)
        if response and correct is False:
            responses[question_id].append(response)
        if response and spent is not None:
            seconds[question_id].append(spent)
    rows = []
    for row in counts:
        quiz = quizzes.get(row["attempt__quiz"])
        question_id = row["question_id"]
        snapshot = snapshots.get(question_id, {"type": "", "prompt": ""})
        position = None
        if quiz is not None:
            position = next(
                (
                    i
                    for i, b in enumerate(quiz.questions, 1)
                    if str(b.id) == question_id
                ),
                None,
            )
        wrong = _wrong_choices(snapshot, responses[question_id]).most_common(1)
        rows.append(
            ItemRow(
                quiz=quiz.title if quiz else "",
                question_id=question_id,
                bank_position=position,
                question=_text(snapshot.get("prompt", ""))[:200],
                kind=snapshot.get("type", "").replace("_", " "),
                drawn=row["drawn"],
                answered=row["answered"],
                correct=row["right"],
                wrong_choice=wrong[0][0] if wrong else "",
                wrong_choice_count=wrong[0][1] if wrong else 0,
                median_seconds=round(statistics.median(seconds[question_id]), 1)
                if seconds[question_id]
                else None,
            )
        )
    return rows
