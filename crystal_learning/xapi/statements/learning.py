"""Statements about modules, quizzes, sessions and programmes (milestones)."""

from __future__ import annotations

from tincan import (
    InteractionComponent,
    InteractionComponentList,
    LanguageMap,
    Result,
    Score,
)

from ..activities import ActivityRef
from ..vocabulary import PASS_MARK
from ..vocabulary import Verb as V
from .base import LANGUAGE, Question, _activity, _build, milestone_id

# -- modules, quizzes, sessions, programmes -------------------------------------


def module_completed(*, staff_number: str, module: ActivityRef, **kw) -> dict:
    return _build(
        staff_number=staff_number,
        verb=V.COMPLETED,
        target=_activity(module),
        ref=module,
        result=Result(completion=True),
        statement_id=milestone_id(V.COMPLETED, staff_number, module.id, module.version),
        **kw,
    )


def resource_experienced(
    *, staff_number: str, resource: ActivityRef, day: str, **kw
) -> dict:
    """A learner opened a guide, leaflet or vlog: one statement per person,
    resource and day (`day`, ISO), however often it is opened that day."""
    return _build(
        staff_number=staff_number,
        verb=V.EXPERIENCED,
        target=_activity(resource),
        ref=resource,
        statement_id=milestone_id(V.EXPERIENCED, staff_number, resource.id, day),
        **kw,
    )


def quiz_attempted(
    *, staff_number: str, quiz: ActivityRef, registration: str, **kw
) -> dict:
    return _build(
        staff_number=staff_number,
        verb=V.ATTEMPTED,
        target=_activity(quiz),
        ref=quiz,
        registration=registration,
        statement_id=milestone_id(V.ATTEMPTED, staff_number, quiz.id, registration),
        **kw,
    )


def question_answered(
    *,
    staff_number: str,
    question: Question,
    response: str,
    success: bool,
    registration: str,
    **kw,
) -> dict:
    components = {}
    if question.choices:
        components["choices"] = InteractionComponentList(
            [
                InteractionComponent(id=key, description=LanguageMap({LANGUAGE: text}))
                for key, text in question.choices
            ]
        )
    target = _activity(
        question.activity,
        interaction_type=question.interaction_type,
        correct_responses_pattern=list(question.correct_responses) or None,
        **components,
    )
    return _build(
        staff_number=staff_number,
        verb=V.ANSWERED,
        target=target,
        ref=question.activity,
        result=Result(response=response, success=success),
        registration=registration,
        **kw,
    )


def _quiz_outcome(
    verb: str,
    *,
    staff_number: str,
    quiz: ActivityRef,
    registration: str,
    raw: float,
    maximum: float,
    pass_mark: float,
    **kw,
) -> dict:
    scaled = 0.0 if maximum <= 0 else round(raw / maximum, 4)
    return _build(
        staff_number=staff_number,
        verb=verb,
        target=_activity(quiz),
        ref=quiz,
        result=Result(
            score=Score(scaled=scaled, raw=raw, min=0, max=maximum),
            success=verb == V.PASSED,
            completion=True,
        ),
        registration=registration,
        context_extensions={PASS_MARK: pass_mark},
        statement_id=milestone_id(verb, staff_number, quiz.id, registration),
        **kw,
    )


def quiz_completed(
    *, staff_number: str, quiz: ActivityRef, registration: str, **kw
) -> dict:
    """The attempt is finished (marked); passed or failed says how it went."""
    return _build(
        staff_number=staff_number,
        verb=V.COMPLETED,
        target=_activity(quiz),
        ref=quiz,
        result=Result(completion=True),
        registration=registration,
        statement_id=milestone_id(V.COMPLETED, staff_number, quiz.id, registration),
        **kw,
    )


def quiz_passed(**kw) -> dict:
    return _quiz_outcome(V.PASSED, **kw)


def quiz_failed(**kw) -> dict:
    return _quiz_outcome(V.FAILED, **kw)


def session_booked(
    *, staff_number: str, session: ActivityRef, booking_id: str, **kw
) -> dict:
    return _build(
        staff_number=staff_number,
        verb=V.REGISTERED,
        target=_activity(session),
        ref=session,
        registration=booking_id,
        **kw,
    )


def session_attended(
    *, staff_number: str, session: ActivityRef, booking_id: str, **kw
) -> dict:
    return _build(
        staff_number=staff_number,
        verb=V.ATTENDED,
        target=_activity(session),
        ref=session,
        result=Result(completion=True),
        registration=booking_id,
        statement_id=milestone_id(V.ATTENDED, staff_number, session.id, booking_id),
        **kw,
    )


def programme_completed(*, staff_number: str, programme: ActivityRef, **kw) -> dict:
    return _build(
        staff_number=staff_number,
        verb=V.COMPLETED,
        target=_activity(programme),
        ref=programme,
        result=Result(completion=True),
        statement_id=milestone_id(
            V.COMPLETED, staff_number, programme.id, programme.version
        ),
        **kw,
    )


def package_outcome(
    verb: str,
    *,
    staff_number: str,
    package: ActivityRef,
    score_scaled: float | None = None,
    **kw,
) -> dict:
    """A package module passed or failed (the platform's own milestone, one per
    content version: completion uses module_completed)."""
    score = None if score_scaled is None else Score(scaled=round(score_scaled, 4))
    return _build(
        staff_number=staff_number,
        verb=verb,
        target=_activity(package),
        ref=package,
        result=Result(score=score, success=verb == V.PASSED, completion=True),
        statement_id=milestone_id(verb, staff_number, package.id, package.version),
        **kw,
    )
