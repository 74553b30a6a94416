"""Writes for learning content: accepting watched time and completing video modules."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.services import statements_record
from crystal_learning.xapi.vocabulary import ActivityType, Verb, VideoExtension

from .models import VideoModulePage, VideoSession, VideoWatch
from .viewing import SegmentsInvalid, format_segments, parse_segments, viewing_update

logger = logging.getLogger(__name__)

#: Video Profile verbs that report where the viewer is and what they played.
POSITION_VERBS = {
    Verb.PAUSED,
    Verb.TERMINATED,
    Verb.COMPLETED,
    Verb.SEEKED,
    Verb.PLAYED,
}


def _module_for(activity_id: str) -> VideoModulePage | None:
    """The live module an activity IRI names (.../module/<translation_key>), if any."""
    prefix = build.activity_iri("module", "")
    if not activity_id.startswith(prefix):
        return None
    try:
        key = uuid.UUID(activity_id[len(prefix) :])
    except ValueError:
        return None
    return (
        VideoModulePage.objects.live()
        .select_related("video")
        .filter(translation_key=key)
        .first()
    )


@transaction.atomic
def video_statement_apply(
    *,
    person: Person,
    page: VideoModulePage,
    statement: dict,
    now: datetime | None = None,
) -> VideoWatch:
    """Fold one Video Profile statement from a browser into accepted watched time.

    The browser's own progress and "completed" are never trusted: the server
    merges played segments it finds plausible and completes the module itself,
    once, when the watched fraction reaches the threshold.
    """
    now = now or timezone.now()
    watch, _ = VideoWatch.objects.select_for_update().get_or_create(
        person=person, page=page
    )
    context = (statement.get("context") or {}).get("extensions") or {}
    session_id = str(context.get(VideoExtension.SESSION_ID, ""))[:100]
    verb = statement["verb"]["id"]
    if not session_id:
        return watch
    session = VideoSession.objects.filter(watch=watch, session_id=session_id).first()
    if verb == Verb.INITIALIZED:
        if session is None:
            VideoSession.objects.create(
                watch=watch, session_id=session_id, started_at=now
            )
        return watch
    if verb not in POSITION_VERBS:
        return watch
    if (
        session is None
    ):  # no initialized seen: it starts now, so it can claim ~nothing yet
        session = VideoSession.objects.create(
            watch=watch, session_id=session_id, started_at=now
        )
    result = (statement.get("result") or {}).get("extensions") or {}
    duration = float(page.video.duration or 0) if page.video else 0.0
    position = result.get(VideoExtension.TIME, result.get(VideoExtension.TIME_TO))
    if (
        isinstance(position, int | float)
        and not isinstance(position, bool)
        and duration
    ):
        watch.resume_position = max(0.0, min(float(position), duration))
    claimed_text = result.get(VideoExtension.PLAYED_SEGMENTS)
    if isinstance(claimed_text, str) and duration > 0:
        try:
            claimed = parse_segments(claimed_text)
        except SegmentsInvalid as error:
            logger.info(
                "Ignored played segments from %s: %s", person.staff_number, error
            )
            claimed = []
        update = viewing_update(
            accepted=parse_segments(watch.segments),
            claimed=claimed,
            duration=duration,
            seconds_since_start=(now - session.started_at).total_seconds(),
            seconds_already_credited=session.credited_seconds,
            max_rate=settings.CRYSTAL_VIDEO_MAX_PLAYBACK_RATE,
        )
        if update.accepted:
            watch.segments = format_segments(update.segments)
            watch.fraction = update.fraction
            session.credited_seconds += update.new_seconds
        else:
            session.refused_claims += 1
            logger.warning(
                "Refused a viewing claim by %s on %s: %s",
                person.staff_number,
                page.pk,
                update.reason,
            )
        session.save(update_fields=["credited_seconds", "refused_claims"])
    if watch.completed_at is None and watch.fraction >= page.completion_threshold:
        watch.completed_at = now
        watch.content_version = page.content_version
        statements_record(
            statements=[module_completed_statement(person, page)], keep_existing=True
        )
    watch.save()
    return watch


def module_completed_statement(person: Person, page: VideoModulePage) -> dict:
    tile = page.get_parent()
    return build.module_completed(
        staff_number=person.staff_number,
        module=build.ActivityRef(
            id=page.activity_id,
            name=page.title,
            type=ActivityType.MODULE,
            parents=(build.activity_iri("tile", tile.translation_key),),
            version=str(page.content_version),
        ),
    )


def video_statements_accept(*, person: Person, statements: list[dict]) -> None:
    """CRYSTAL_XAPI_SESSION_HANDLERS entry: the browser posted these for `person`."""
    for statement in statements:
        target = statement.get("object") or {}
        if target.get("objectType", "Activity") != "Activity":
            continue
        page = _module_for(str(target.get("id", "")))
        if page is not None:
            video_statement_apply(person=person, page=page, statement=statement)
