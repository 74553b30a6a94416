"""The learner's quiz screens (routes on QuizPage) and the rationale reviews.

A learner only ever reaches their own attempts: every attempt is looked up by
its registration *and* the signed-in person, so another person's id is a 404.
Questions are rendered from `marking.public()`, which has no correct answers.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crystal_learning.people.roles import SUPERVISOR, TRAINING_MANAGER, has_role
from crystal_learning.people.selectors import people_visible_to

from . import marking, selectors, services
from .models import AttemptAnswer, QuizAttempt, QuizPage

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _person(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Only people in the force's records take quizzes."))
    return person


def _attempt(request, quiz: QuizPage, registration) -> QuizAttempt:
    return get_object_or_404(
        QuizAttempt.objects.select_related("quiz"),
        registration=registration,
        quiz=quiz,
        person=_person(request),
    )


def _render(request, quiz: QuizPage, template: str, context: dict):
    return TemplateResponse(
        request,
        f"crystal_quizzes/{template}",
        {"page": quiz, "self": quiz, **context},
    )


def quiz_home(request, quiz: QuizPage):
    person = _person(request)
    attempts = list(QuizAttempt.objects.filter(person=person, quiz=quiz))
    open_attempt = next((a for a in attempts if a.is_open), None)
    used = len(attempts)
    remaining = (
        None if not quiz.attempts_allowed else max(0, quiz.attempts_allowed - used)
    )
    return _render(
        request,
        quiz,
        "quiz_page.html",
        {
            "attempts": attempts,
            "open_attempt": open_attempt,
            "remaining": remaining,
            "lock": services.quiz_lock(person=person, quiz=quiz),
            "passed": any(a.status == QuizAttempt.Status.PASSED for a in attempts),
        },
    )


def quiz_start(request, quiz: QuizPage):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        attempt = services.attempt_start(person=_person(request), quiz=quiz)
    except services.QuizRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(quiz.url)
    first_open = (
        attempt.answers.filter(response={}).order_by("position").first()
        or attempt.answers.order_by("position").first()
    )
    return redirect(_question_url(quiz, attempt, first_open.position))


def _question_url(quiz: QuizPage, attempt: QuizAttempt, position: int) -> str:
    return quiz.url + quiz.reverse_subpage(
        "quiz_question", args=[attempt.registration, position]
    )


def _sub_url(quiz: QuizPage, name: str, attempt: QuizAttempt) -> str:
    return quiz.url + quiz.reverse_subpage(name, args=[attempt.registration])


def quiz_question(request, quiz: QuizPage, registration, position: int):
    attempt = _attempt(request, quiz, registration)
    if request.method == "POST" and services.attempt_expire_if_due(attempt=attempt):
        messages.info(request, _("Time ran out, so your attempt was submitted."))
        return redirect(_sub_url(quiz, "quiz_result", attempt))
    if not attempt.is_open:
        if request.method == "POST":
            messages.info(
                request,
                _("This attempt has been submitted; its answers can no longer change."),
            )
        return redirect(_sub_url(quiz, "quiz_result", attempt))
    if selectors.attempt_timed_out(attempt=attempt):
        return _time_up_page(request, quiz, attempt)
    answers = list(attempt.answers.order_by("position"))
    answer = next((a for a in answers if a.position == position), None)
    if answer is None:
        raise Http404("No such question in this attempt.")
    problems: list[tuple[str, str]] = []
    response = answer.response
    if request.method == "POST":
        try:
            response = marking.response_from_form(answer.question, request.POST)
        except marking.ResponseInvalid:
            messages.error(
                request, _("That answer did not match the question; try again.")
            )
            return redirect(_question_url(quiz, attempt, position))
        problems = _unstorable(request.POST) or marking.response_problems(
            answer.question, response
        )
        if not problems:
            try:
                services.answer_save(
                    attempt=attempt, position=position, data=request.POST
                )
            except services.QuizRefused as refusal:
                messages.error(request, str(refusal))
                return redirect(_sub_url(quiz, "quiz_result", attempt))
            if request.POST.get("go") == "back" and position > 1:
                return redirect(_question_url(quiz, attempt, position - 1))
            if position < len(answers):
                return redirect(_question_url(quiz, attempt, position + 1))
            return redirect(_sub_url(quiz, "quiz_summary", attempt))
    else:
        services.question_shown(answer=answer)
    return _question_page(request, quiz, attempt, answers, position, response, problems)


def _unstorable(data) -> list[tuple[str, str]]:
    """Answers holding a NUL character, which cannot be saved (PostgreSQL)."""
    return [
        (name, _("Remove the NUL character from this answer: it cannot be saved."))
        for name, values in data.lists()
        if any("\x00" in value for value in values)
    ]


def _seconds_left(attempt: QuizAttempt) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


def _question_page(request, quiz, attempt, answers, position, response, problems):
    answer = answers[position - 1]
    seconds_left = _seconds_left(attempt)
    page = _render(
        request,
        quiz,
        "question.html",
        {
            "attempt": attempt,
            "question": marking.form_view(answer.question, response),
            "position": position,
            "count": len(answers),
            "problems": problems,
            "problem_fields": {name for name, _message in problems},
            "formats": list(marking.FORMAT_LABELS.items()),
            "yes_no": YES_NO,
            "seconds_left": seconds_left,
            "minutes_left": -(-(seconds_left or 0) // 60),
            "summary_url": _sub_url(quiz, "quiz_summary", attempt),
        },
    )
    if problems:
        page.status_code = 400
    return page


def _time_up_page(request, quiz: QuizPage, attempt: QuizAttempt):
    """The time is up: only said here (a GET writes nothing); submitting, or the
    expiry job a few minutes later, closes and records the attempt."""
    return _render(
        request,
        quiz,
        "time_up.html",
        {"attempt": attempt, "submit_url": _sub_url(quiz, "quiz_submit", attempt)},
    )


def quiz_summary(request, quiz: QuizPage, registration):
    attempt = _attempt(request, quiz, registration)
    if not attempt.is_open:
        return redirect(_sub_url(quiz, "quiz_result", attempt))
    if selectors.attempt_timed_out(attempt=attempt):
        return _time_up_page(request, quiz, attempt)
    answers = list(attempt.answers.order_by("position"))
    return _render(
        request,
        quiz,
        "summary.html",
        {
            "attempt": attempt,
            "answers": [
                (
                    a,
                    _question_url(quiz, attempt, a.position),
                    marking.answer_lines(a.question, a.response),
                )
                for a in answers
            ],
            "unanswered": sum(1 for a in answers if not a.answered),
            "submit_url": _sub_url(quiz, "quiz_submit", attempt),
            "seconds_left": _seconds_left(attempt),
        },
    )


def quiz_submit(request, quiz: QuizPage, registration):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    attempt = _attempt(request, quiz, registration)
    services.attempt_submit(attempt=attempt)
    return redirect(_sub_url(quiz, "quiz_result", attempt))


def quiz_result(request, quiz: QuizPage, registration):
    attempt = _attempt(request, quiz, registration)
    if attempt.is_open:
        return redirect(_sub_url(quiz, "quiz_summary", attempt))
    show_feedback = selectors.feedback_shown(attempt=attempt)
    return _render(
        request,
        quiz,
        "result.html",
        {
            "attempt": attempt,
            "show_feedback": show_feedback,
            "items": selectors.attempt_feedback(attempt) if show_feedback else [],
        },
    )


def quiz_preview(request, quiz: QuizPage):
    """An attempt as a learner would see it: drawn and shuffled, not saved."""
    questions = [
        marking.form_view(question, {}) for question in services.questions_draw(quiz)
    ]
    return _render(
        request,
        quiz,
        "preview.html",
        {
            "questions": questions,
            "formats": list(marking.FORMAT_LABELS.items()),
            "yes_no": YES_NO,
        },
    )


# -- supervisors' reviews of flagged rationales ---------------------------------


def reviews(request):
    """Rationales waiting for review, for people the reviewer may see."""
    _may_review(request)
    visible = people_visible_to(user=request.user)
    items = selectors.pending_rationales(people=visible, reviewer=request.user)
    return TemplateResponse(request, "crystal_quizzes/reviews.html", {"items": items})


def _may_review(request) -> None:
    if not (
        has_role(request.user, SUPERVISOR) or has_role(request.user, TRAINING_MANAGER)
    ):
        raise PermissionDenied(_("Only supervisors and training managers review."))


@require_POST
def review_decide(request, answer_id: int):
    _may_review(request)
    visible = people_visible_to(user=request.user)
    answer = get_object_or_404(
        AttemptAnswer.objects.select_related("attempt"),
        pk=answer_id,
        attempt__person__in=visible,
        attempt__status=QuizAttempt.Status.PENDING_REVIEW,
    )
    if answer.attempt.person_id == getattr(_person(request), "pk", None):
        raise PermissionDenied(_("You cannot review your own answers."))
    decision = request.POST.get("decision")
    box = request.POST.get("box", "")
    if decision not in ("accept", "reject"):
        messages.error(request, _("Choose accept or reject."))
        return redirect("crystal_quizzes:reviews")
    try:
        services.rationale_review(
            answer=answer,
            box=box,
            accepted=decision == "accept",
            reviewer=_person(request),
        )
    except services.QuizRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Review saved."))
    return redirect("crystal_quizzes:reviews")
