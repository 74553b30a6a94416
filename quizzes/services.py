"""Writes for quizzes: start an attempt, save answers, submit, review rationales.

Every write is atomic. Submitting happens once: the attempt row is locked and a
second submit (a double click, the back button) finds it closed and changes
nothing. The xAPI statements (attempted, answered per question, passed or
failed, completed) are recorded in the same transaction, so the record and the
attempt never disagree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crystal_learning.people.models import Person
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.activities import ActivityKind
from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.vocabulary import Verb

from . import marking
from .models import AttemptAnswer, QuizAttempt, QuizPage
from .selectors import attempt_timed_out


class QuizRefused(Exception):
    """The learner may not do this now; the message says why, in plain words."""


@dataclass(frozen=True)
class Lock:
    """Why a quiz cannot be started yet (None when it can)."""

    message: str
    #: The page that opens it (the video still to watch), linked from the lock.
    url: str = ""
    link_text: str = ""


def quiz_lock(*, person: Person, quiz: QuizPage) -> Lock | None:
    """The quiz opens when its modules are done, as the learning record says
    (the progress projection: the one source of "module done")."""
    from modules.models import VideoModulePage
    from modules.translations import reader_version

    # Any language version of the quiz, linked from any version of a module.
    modules = list(
        VideoModulePage.objects.live()
        .filter(quiz__translation_key=quiz.translation_key)
        .order_by("path")
    )
    if not modules:
        return None
    done = set(
        Progress.objects.done(ActivityKind.MODULE)
        .filter(person=person, activity_id__in=[m.activity_id for m in modules])
        .values_list("activity_id", flat=True)
    )
    missing = [m for m in modules if m.activity_id not in done]
    if missing:
        first = reader_version(missing[0])
        return Lock(
            _("This quiz opens when you have watched “%(title)s”.")
            % {"title": first.title},
            url=first.url or "",
            link_text=_("Watch “%(title)s”") % {"title": first.title},
        )
    return None


def questions_draw(quiz: QuizPage, *, seed: int | None = None) -> list[dict]:
    """Draw an attempt's questions from the bank, in the quiz's order rules.

    Shuffling is for fairness between colleagues, not secrecy, so Python's
    random is enough; the seed (the attempt's registration) makes it repeatable.
    """
    rng = random.Random(seed)  # noqa: S311 - not a security use
    bank = list(quiz.questions)
    if quiz.drawn < len(bank):
        chosen = set(rng.sample(range(len(bank)), quiz.drawn))
        drawn = [block for index, block in enumerate(bank) if index in chosen]
    else:
        drawn = bank
    if quiz.shuffle_questions:
        rng.shuffle(drawn)
    return [
        marking.snapshot(block, rng=rng, shuffle_options=quiz.shuffle_options)
        for block in drawn
    ]


def attempts_used(*, person: Person, quiz: QuizPage) -> int:
    return QuizAttempt.objects.filter(person=person, quiz=quiz).count()


def attempt_expire_if_due(*, attempt: QuizAttempt, now: datetime | None = None) -> bool:
    """Submit an open attempt whose time limit has passed; True if it did.

    Called by writes only (a submit, a saved answer, a start, the expiry job);
    opening a question just shows the time is up (selectors.attempt_timed_out).
    """
    now = now or timezone.now()
    if attempt_timed_out(attempt=attempt, now=now):
        attempt_submit(attempt=attempt, now=now)
        return True
    return False


def attempts_expire_overdue(*, now: datetime | None = None) -> int:
    """Submit every open attempt whose time limit has passed (the scheduled job);
    how many were due. Each is locked and marked once, in its own transaction."""
    now = now or timezone.now()
    overdue = QuizAttempt.objects.filter(
        status=QuizAttempt.Status.IN_PROGRESS, deadline__lte=now
    ).order_by("deadline", "pk")
    return sum(attempt_expire_if_due(attempt=attempt, now=now) for attempt in overdue)


def attempt_start(
    *, person: Person, quiz: QuizPage, now: datetime | None = None
) -> QuizAttempt:
    """Resume the open attempt, or start a new one with its questions fixed."""
    now = now or timezone.now()
    for expired in QuizAttempt.objects.filter(
        person=person, quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS
    ):
        attempt_expire_if_due(attempt=expired, now=now)
    return _attempt_start(person=person, quiz=quiz, now=now)


@transaction.atomic
def _attempt_start(*, person: Person, quiz: QuizPage, now: datetime) -> QuizAttempt:
    # Lock the person's row: two "Start" clicks at once make one attempt.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    open_attempt = QuizAttempt.objects.filter(
        person=person, quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS
    ).first()
    if open_attempt is not None:
        return open_attempt
    lock = quiz_lock(person=person, quiz=quiz)
    if lock is not None:
        raise QuizRefused(lock.message)
    if not quiz.live:
        raise QuizRefused(_("This quiz is not open."))
    if quiz.bank_size == 0:
        raise QuizRefused(_("This quiz has no questions yet."))
    used = attempts_used(person=person, quiz=quiz)
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise QuizRefused(
            _("You have used all %(allowed)s attempts at this quiz.")
            % {"allowed": quiz.attempts_allowed}
        )
    attempt = QuizAttempt(
        person=person,
        quiz=quiz,
        number=used + 1,
        content_version=quiz.content_version,
        pass_mark=quiz.pass_mark,
        started_at=now,
        deadline=now + timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None,
    )
    questions = questions_draw(quiz, seed=attempt.registration.int)
    attempt.max_score = float(sum(q["marks"] for q in questions))
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError as error:  # a concurrent start won the race
        raise QuizRefused(
            _("An attempt was started already; reload the page.")
        ) from error
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(attempt=attempt, position=index, question_id=q["id"], question=q)
        for index, q in enumerate(questions, start=1)
    )
    statements_record(
        statements=[
            build.quiz_attempted(
                staff_number=person.staff_number,
                quiz=quiz.activity_ref(),
                registration=str(attempt.registration),
                timestamp=now,
            )
        ],
        keep_existing=True,
    )
    return attempt


def question_shown(*, answer: AttemptAnswer, now: datetime | None = None) -> None:
    """Note when a question was first shown: its answer time starts there."""
    if answer.shown_at is None:
        answer.shown_at = now or timezone.now()
        AttemptAnswer.objects.filter(pk=answer.pk, shown_at__isnull=True).update(
            shown_at=answer.shown_at
        )


def answer_save(
    *, attempt: QuizAttempt, position: int, data, now: datetime | None = None
) -> AttemptAnswer:
    """Save one response while the attempt is open (QuizRefused otherwise)."""
    now = now or timezone.now()
    if attempt_expire_if_due(attempt=attempt, now=now):
        raise QuizRefused(_("Time ran out, so your attempt was submitted."))
    return _answer_save(attempt=attempt, position=position, data=data, now=now)


@transaction.atomic
def _answer_save(*, attempt: QuizAttempt, position: int, data, now) -> AttemptAnswer:
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if not attempt.is_open:
        raise QuizRefused(
            _("This attempt has been submitted; its answers can no longer change.")
        )
    answer = attempt.answers.get(position=position)
    response = marking.response_from_form(answer.question, data)
    answer.response = response
    answer.answered_at = now
    if answer.shown_at is not None:
        answer.seconds = round((now - answer.shown_at).total_seconds(), 1)
    answer.save(update_fields=["response", "answered_at", "seconds"])
    return answer


def _answered_statement(attempt: QuizAttempt, answer: AttemptAnswer):
    kind, pattern, response, choices = marking.xapi_interaction(
        answer.question, answer.response
    )
    question = build.Question(
        activity=attempt.quiz.question_ref(
            question_id=answer.question_id, position=answer.position
        ),
        interaction_type=kind,
        correct_responses=pattern,
        choices=choices,
    )
    return build.question_answered(
        staff_number=attempt.person.staff_number,
        question=question,
        response=response,
        success=bool(answer.correct),
        registration=str(attempt.registration),
        timestamp=answer.answered_at or attempt.submitted_at,
        statement_id=build.milestone_id(
            Verb.ANSWERED,
            attempt.person.staff_number,
            question.activity.id,
            str(attempt.registration),
        ),
    )


def _finish(attempt: QuizAttempt, answers: list[AttemptAnswer], now: datetime):
    """Pass or fail a fully marked attempt and record its outcome."""
    attempt.raw_score = round(sum(a.score or 0.0 for a in answers), 4)
    passed = (attempt.scaled or 0.0) * 100 >= attempt.pass_mark - 1e-9
    attempt.status = QuizAttempt.Status.PASSED if passed else QuizAttempt.Status.FAILED
    attempt.finished_at = now
    _outcome_record(attempt, answers, now)


def _outcome_record(attempt: QuizAttempt, answers: list[AttemptAnswer], now):
    """The answered, passed or failed, and completed statements of a marked attempt."""
    quiz_ref = attempt.quiz.activity_ref()
    passed = attempt.status == QuizAttempt.Status.PASSED
    outcome = build.quiz_passed if passed else build.quiz_failed
    statements = [_answered_statement(attempt, a) for a in answers]
    statements.append(
        outcome(
            staff_number=attempt.person.staff_number,
            quiz=quiz_ref,
            registration=str(attempt.registration),
            raw=attempt.raw_score,
            maximum=attempt.max_score,
            pass_mark=attempt.pass_mark / 100,
            timestamp=now,
        )
    )
    statements.append(
        build.quiz_completed(
            staff_number=attempt.person.staff_number,
            quiz=quiz_ref,
            registration=str(attempt.registration),
            timestamp=now,
        )
    )
    statements_record(statements=statements, keep_existing=True)


def attempt_outcomes_restore() -> int:
    """Record the outcome statements of every marked attempt whose passed or
    failed statement is missing from the store (before a rebuild: receivers.py)."""
    recorded = set(
        Statement.objects.filter(
            verb_id__in=(Verb.PASSED, Verb.FAILED),
            registration__isnull=False,
        )
        .recorded_by_platform()
        .values_list("registration", flat=True)
    )
    finished = QuizAttempt.objects.filter(
        status__in=(QuizAttempt.Status.PASSED, QuizAttempt.Status.FAILED)
    ).select_related("quiz", "person")
    missing = [a for a in finished if a.registration not in recorded]
    for attempt in missing:
        answers = list(attempt.answers.order_by("position"))
        _outcome_record(attempt, answers, attempt.finished_at or attempt.submitted_at)
    return len(missing)


@transaction.atomic
def attempt_submit(*, attempt: QuizAttempt, now: datetime | None = None) -> QuizAttempt:
    """Mark and close the attempt, once. A second call returns it unchanged."""
    now = now or timezone.now()
    attempt = (
        QuizAttempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "person")
        .get(pk=attempt.pk)
    )
    if not attempt.is_open:
        return attempt
    answers = list(attempt.answers.order_by("position"))
    pending = False
    for answer in answers:
        result = marking.mark(answer.question, answer.response, answer.reviews)
        answer.score = result.score
        answer.correct = result.correct
        pending = pending or result.pending
    AttemptAnswer.objects.bulk_update(answers, ["score", "correct"])
    attempt.submitted_at = now
    if pending:
        attempt.status = QuizAttempt.Status.PENDING_REVIEW
        attempt.save()
        return attempt
    _finish(attempt, answers, now)
    attempt.save()
    return attempt


@transaction.atomic
def rationale_review(
    *,
    answer: AttemptAnswer,
    box: str,
    accepted: bool,
    reviewer: Person,
    now: datetime | None = None,
) -> QuizAttempt:
    """A supervisor accepts or rejects one rationale; the attempt is marked once
    every flagged rationale in it has been reviewed."""
    now = now or timezone.now()
    attempt = (
        QuizAttempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "person")
        .get(pk=answer.attempt_id)
    )
    if attempt.status != QuizAttempt.Status.PENDING_REVIEW:
        raise QuizRefused(_("This attempt is not waiting for a review."))
    answer = attempt.answers.get(pk=answer.pk)
    if box not in {b["box"] for b in answer.question.get("boxes", [])}:
        raise QuizRefused(_("That record box is not in this question."))
    answer.reviews = {
        **answer.reviews,
        box: {"accepted": accepted, "by": reviewer.pk, "at": now.isoformat()},
    }
    answer.save(update_fields=["reviews"])
    answers = list(attempt.answers.order_by("position"))
    marks = [marking.mark(a.question, a.response, a.reviews) for a in answers]
    for item, result in zip(answers, marks, strict=True):
        item.score, item.correct = result.score, result.correct
    AttemptAnswer.objects.bulk_update(answers, ["score", "correct"])
    if not any(result.pending for result in marks):
        _finish(attempt, answers, now)
        attempt.save()
    return attempt
