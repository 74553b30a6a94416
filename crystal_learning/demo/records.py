"""The records a real learner leaves beside their statements, for the demo's
back-dated history: a finished viewing for each completed video, and a marked
attempt (its questions, answers and score) for each passed quiz.

Without them My training, the module page and the quiz page would disagree
with the learning record (issue 18.2): "Completed" beside "Not started", a
passed quiz with no attempt listed. The attempt's score is what its answers
mark, and the statement says the same score.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from crystal_learning.xapi import statements as build
from modules.models import VideoModulePage, VideoWatch
from modules.viewing import format_segments
from quizzes import marking
from quizzes.models import AttemptAnswer, QuizAttempt, QuizPage
from quizzes.services import questions_draw

#: Seconds a demo learner spends on each question.
SECONDS_PER_QUESTION = 40


def _right_response(question: dict) -> dict:
    """What a learner who knows the answer gives (a rationale for every 'no'
    and 'not applicable')."""
    kind = question["type"]
    if kind in ("single_choice", "true_false"):
        return {"choice": next(o["id"] for o in question["options"] if o["correct"])}
    if kind == "multiple_choice":
        return {"choices": [o["id"] for o in question["options"] if o["correct"]]}
    if kind == "needs_assessment":
        return {
            "choices": [o["id"] for o in question["options"] if o["correct"]],
            "enhanced": question["enhanced"],
        }
    boxes = {}
    for box in question["boxes"]:
        entry = {"answer": box["expected"]}
        if box["box"] == "leaflet":
            entry["format"] = box["expected_format"] if box["expected"] == "yes" else ""
        said = " ".join(term[0] for term in box["terms"])
        entry["rationale"] = (
            f"{box['guidance']} {said}".strip() if box["expected"] != "yes" else ""
        )
        boxes[box["box"]] = entry
    return {"boxes": boxes}


def _wrong_response(question: dict) -> dict:
    """A slip: the first wrong option, the wrong call on enhanced rights, or
    the first record box answered the other way."""
    kind = question["type"]
    if kind in ("single_choice", "true_false"):
        wrong = [o["id"] for o in question["options"] if not o["correct"]]
        return {"choice": wrong[0]} if wrong else _right_response(question)
    if kind == "multiple_choice":
        return {"choices": [question["options"][0]["id"]]}
    if kind == "needs_assessment":
        return {"enhanced": "no" if question["enhanced"] == "yes" else "yes"}
    response = _right_response(question)
    first = question["boxes"][0]
    entry = response["boxes"][first["box"]]
    if first["expected"] == "yes":
        entry.update(answer="no", rationale="Not done at the time.")
    else:  # a "yes" where "no" (or "not yet applicable") is right
        entry.update(answer="yes", rationale="")
        if first["box"] == "leaflet":
            entry["format"] = "paper"
    return response


def _answers(questions: list[dict], slip: int, started: datetime) -> list:
    """Each question answered in turn, right but for the slip, and marked."""
    answers = []
    for index, question in enumerate(questions):
        response = (
            _wrong_response(question) if index == slip else _right_response(question)
        )
        result = marking.mark(question, response)
        shown = started + timedelta(seconds=SECONDS_PER_QUESTION * index)
        answers.append(
            AttemptAnswer(
                position=index + 1,
                question_id=question["id"],
                question=question,
                response=response,
                shown_at=shown,
                answered_at=shown + timedelta(seconds=SECONDS_PER_QUESTION),
                seconds=SECONDS_PER_QUESTION,
                score=result.score,
                correct=result.correct,
            )
        )
    return answers


@dataclass
class DemoRecords:
    """What the demo history writes beside its statements, in bulk."""

    watches: list[VideoWatch] = field(default_factory=list)
    attempts: list[QuizAttempt] = field(default_factory=list)
    answers: list[list[AttemptAnswer]] = field(default_factory=list)

    def video_watched(self, person, module: VideoModulePage, when: datetime) -> None:
        self.watches.append(
            VideoWatch(
                person=person,
                page=module,
                fraction=1.0,
                segments=format_segments(
                    [(0.0, float(module.video.duration if module.video else 0))]
                ),
                completed_at=when,
                content_version=module.content_version,
            )
        )

    def quiz_passed(
        self, person, quiz: QuizPage, when: datetime, rng: random.Random
    ) -> dict:
        """A marked, passed attempt (one slip half the time) and its statement."""
        registration = uuid.uuid5(uuid.NAMESPACE_URL, f"{person.pk}{quiz.pk}")
        questions = questions_draw(quiz, seed=registration.int)
        slip = rng.randrange(len(questions)) if rng.random() < 0.5 else -1
        started = when - timedelta(seconds=SECONDS_PER_QUESTION * len(questions))
        answers = _answers(questions, slip, started)
        maximum = float(sum(q["marks"] for q in questions))
        raw = round(sum(a.score or 0.0 for a in answers), 4)
        if maximum and raw / maximum * 100 < quiz.pass_mark:  # the slip cost a pass
            answers = _answers(questions, -1, started)
            raw = round(sum(a.score or 0.0 for a in answers), 4)
        self.attempts.append(
            QuizAttempt(
                registration=registration,
                person=person,
                quiz=quiz,
                number=1,
                status=QuizAttempt.Status.PASSED,
                content_version=quiz.content_version,
                pass_mark=quiz.pass_mark,
                started_at=started,
                submitted_at=when,
                finished_at=when,
                raw_score=raw,
                max_score=maximum,
            )
        )
        self.answers.append(answers)
        return build.quiz_passed(
            staff_number=person.staff_number,
            quiz=quiz.activity_ref(),
            registration=str(registration),
            raw=raw,
            maximum=maximum,
            pass_mark=quiz.pass_mark / 100,
            timestamp=when,
        )

    def save(self) -> None:
        """Write what is new (a rerun of the demo keeps what is there)."""
        VideoWatch.objects.bulk_create(self.watches, ignore_conflicts=True)
        known = set(
            QuizAttempt.objects.filter(
                registration__in=[a.registration for a in self.attempts]
            ).values_list("registration", flat=True)
        )
        fresh = [
            (attempt, answers)
            for attempt, answers in zip(self.attempts, self.answers, strict=True)
            if attempt.registration not in known
        ]
        QuizAttempt.objects.bulk_create([attempt for attempt, _ in fresh])
        saved = dict(
            QuizAttempt.objects.filter(
                registration__in=[attempt.registration for attempt, _ in fresh]
            ).values_list("registration", "pk")
        )
        for attempt, answers in fresh:
            for answer in answers:
                answer.attempt_id = saved[attempt.registration]
        AttemptAnswer.objects.bulk_create(
            [answer for _, answers in fresh for answer in answers], batch_size=500
        )
        self.watches, self.attempts, self.answers = [], [], []
