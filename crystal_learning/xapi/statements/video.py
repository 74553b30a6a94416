"""Statements of the xAPI Video Profile, as the player and the server send them."""

from __future__ import annotations

from datetime import datetime, timedelta

from tincan import (
    Extensions,
    Result,
)

from ..activities import ActivityRef
from ..vocabulary import VIDEO_PROFILE, VideoExtension
from ..vocabulary import Verb as V
from .base import LANGUAGE, _activity, _build, milestone_id

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
