"""Named constructors for every statement the product makes, built with tincan.

Each returns a JSON-ready dict for `statements_record`. The actor is always
the person's account (home page + staff number): no name, no e-mail. Milestones
(completed, passed, failed, attended, programme completed) get ids keyed with a
secret, so replays and double clicks collapse to one statement while nobody
outside can compute (and squat) the id of a colleague's milestone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Context,
    ContextActivities,
    Extensions,
    InteractionComponent,
    InteractionComponentList,
    LanguageMap,
    Result,
    Score,
    Statement,
    Verb,
)

from .agents import homepage
from .vocabulary import (
    CONTENT_VERSION,
    PASS_MARK,
    VIDEO_PROFILE,
    XAPI_VERSION,
    VideoExtension,
)
from .vocabulary import Verb as V

LANGUAGE = "en-GB"


def activity_iri(kind: str, key: str | uuid.UUID) -> str:
    """A stable activity IRI, e.g. .../activities/module/<translation_key>."""
    return f"{settings.CRYSTAL_XAPI_ACTIVITY_BASE.rstrip('/')}/{kind}/{key}"


def _milestone_key() -> bytes:
    """CRYSTAL_XAPI_MILESTONE_KEY, or one derived from SECRET_KEY. Keep it stable:
    a new key gives replays new ids (one duplicate milestone each, harmless)."""
    key = getattr(settings, "CRYSTAL_XAPI_MILESTONE_KEY", "")
    if key:
        return key.encode()
    return hashlib.sha256(
        f"crystal-learning milestone ids|{settings.SECRET_KEY}".encode()
    ).digest()


def milestone_id(
    verb: str, staff_number: str, activity_id: str, attempt: str = ""
) -> str:
    """The same milestone always gets the same id, which only the platform can
    compute: an HMAC of its parts under CRYSTAL_XAPI_MILESTONE_KEY (a uuid5 of
    public parts let anyone post a statement under a colleague's id first)."""
    digest = hmac.new(
        _milestone_key(),
        f"{verb}|{staff_number}|{activity_id}|{attempt}".encode(),
        hashlib.sha256,
    ).digest()
    return str(uuid.UUID(bytes=digest[:16], version=5))


@dataclass(frozen=True)
class ActivityRef:
    id: str
    name: str
    type: str
    description: str = ""
    parents: tuple[str, ...] = ()
    version: str = ""


@dataclass(frozen=True)
class Question:
    """A quiz question as a cmi.interaction."""

    activity: ActivityRef
    interaction_type: str
    correct_responses: Sequence[str] = ()
    choices: Sequence[tuple[str, str]] = field(default_factory=tuple)


def _activity(ref: ActivityRef, **definition) -> Activity:
    return Activity(
        id=ref.id,
        definition=ActivityDefinition(
            name=LanguageMap({LANGUAGE: ref.name}),
            description=LanguageMap({LANGUAGE: ref.description})
            if ref.description
            else None,
            type=ref.type,
            **definition,
        ),
    )


def _build(
    *,
    staff_number: str,
    verb: str,
    target: Activity,
    ref: ActivityRef,
    result: Result | None = None,
    context_extensions: dict | None = None,
    categories: Sequence[str] = (),
    registration: str | None = None,
    statement_id: str | None = None,
    timestamp: datetime | None = None,
) -> dict:
    extensions = dict(context_extensions or {})
    if ref.version:
        extensions[CONTENT_VERSION] = ref.version
    activities = {}
    if ref.parents:
        activities["parent"] = [Activity(id=parent) for parent in ref.parents]
    if categories:
        activities["category"] = [Activity(id=category) for category in categories]
    statement = Statement(
        id=statement_id or uuid.uuid4(),
        actor=Agent(
            object_type="Agent",
            account=AgentAccount(home_page=homepage(), name=staff_number),
        ),
        verb=Verb(id=verb, display=LanguageMap({LANGUAGE: V.DISPLAY[verb]})),
        object=target,
        result=result,
        context=Context(
            registration=registration,
            context_activities=ContextActivities(**activities) if activities else None,
            extensions=Extensions(extensions) if extensions else None,
            language=LANGUAGE,
            platform=settings.WAGTAIL_SITE_NAME,
        ),
        timestamp=timestamp or timezone.now(),
    )
    data = json.loads(statement.to_json(XAPI_VERSION))
    data.pop("version", None)
    return data


# -- video (xAPI Video Profile) -------------------------------------------------


def _video(
    verb: str,
    *,
    staff_number: str,
    video: ActivityRef,
    session_id: str,
    result_extensions: dict | None = None,
    context_extensions: dict | None = None,
    completion: bool | None = None,
    duration: timedelta | None = None,
    statement_id: str | None = None,
    timestamp: datetime | None = None,
) -> dict:
    result = None
    if result_extensions or completion is not None:
        result = Result(
            completion=completion,
            duration=duration,
            extensions=Extensions(result_extensions) if result_extensions else None,
        )
    return _build(
        staff_number=staff_number,
        verb=verb,
        target=_activity(video),
        ref=video,
        result=result,
        context_extensions={
            VideoExtension.SESSION_ID: session_id,
            **(context_extensions or {}),
        },
        categories=[VIDEO_PROFILE],
        statement_id=statement_id,
        timestamp=timestamp,
    )


def video_initialized(
    *,
    staff_number: str,
    video: ActivityRef,
    session_id: str,
    length: float,
    completion_threshold: float,
    cc_enabled: bool = False,
    **kw,
) -> dict:
    return _video(
        V.INITIALIZED,
        staff_number=staff_number,
        video=video,
        session_id=session_id,
        context_extensions={
            VideoExtension.LENGTH: round(length, 3),
            VideoExtension.COMPLETION_THRESHOLD: completion_threshold,
            VideoExtension.CC_ENABLED: cc_enabled,
        },
        **kw,
    )


def video_played(
    *, staff_number: str, video: ActivityRef, session_id: str, time: float, **kw
) -> dict:
    return _video(
        V.PLAYED,
        staff_number=staff_number,
        video=video,
        session_id=session_id,
        result_extensions={VideoExtension.TIME: round(time, 3)},
        **kw,
    )


def _watched(time: float, progress: float, played_segments: str) -> dict:
    """The Video Profile's result extensions for where a person is in a video."""
    return {
        VideoExtension.TIME: round(time, 3),
        VideoExtension.PROGRESS: round(progress, 3),
        VideoExtension.PLAYED_SEGMENTS: played_segments,
    }


def _video_position(
    verb: str,
    *,
    staff_number: str,
    video: ActivityRef,
    session_id: str,
    time: float,
    progress: float,
    played_segments: str,
    length: float,
    **kw,
) -> dict:
    return _video(
        verb,
        staff_number=staff_number,
        video=video,
        session_id=session_id,
        result_extensions=_watched(time, progress, played_segments),
        context_extensions={VideoExtension.LENGTH: round(length, 3)},
        **kw,
    )


def video_paused(**kw) -> dict:
    """Paused at `time`, with progress and played segments so far."""
    return _video_position(V.PAUSED, **kw)


def video_terminated(**kw) -> dict:
    """Left the video (page closed or hidden), with progress and segments so far."""
    return _video_position(V.TERMINATED, **kw)


def video_seeked(
    *,
    staff_number: str,
    video: ActivityRef,
    session_id: str,
    time_from: float,
    time_to: float,
    **kw,
) -> dict:
    return _video(
        V.SEEKED,
        staff_number=staff_number,
        video=video,
        session_id=session_id,
        result_extensions={
            VideoExtension.TIME_FROM: round(time_from, 3),
            VideoExtension.TIME_TO: round(time_to, 3),
        },
        **kw,
    )


def video_completed(
    *,
    staff_number: str,
    video: ActivityRef,
    session_id: str,
    time: float,
    progress: float,
    played_segments: str,
    length: float,
    completion_threshold: float,
    watched: timedelta,
    **kw,
) -> dict:
    return _video(
        V.COMPLETED,
        staff_number=staff_number,
        video=video,
        session_id=session_id,
        completion=True,
        duration=watched,
        result_extensions=_watched(time, progress, played_segments),
        context_extensions={
            VideoExtension.LENGTH: round(length, 3),
            VideoExtension.COMPLETION_THRESHOLD: completion_threshold,
        },
        statement_id=milestone_id(V.COMPLETED, staff_number, video.id, session_id),
        **kw,
    )


def video_interacted(
    *,
    staff_number: str,
    video: ActivityRef,
    session_id: str,
    time: float,
    cc_enabled: bool,
    cc_language: str = LANGUAGE,
    **kw,
) -> dict:
    return _video(
        V.INTERACTED,
        staff_number=staff_number,
        video=video,
        session_id=session_id,
        result_extensions={VideoExtension.TIME: round(time, 3)},
        context_extensions={
            VideoExtension.CC_ENABLED: cc_enabled,
            VideoExtension.CC_LANGUAGE: cc_language,
        },
        **kw,
    )


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
