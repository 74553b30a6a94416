"""Writes for learning content: accepting watched time and completing video modules."""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone

from crystal_learning import conf
from crystal_learning.people.models import Person
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.activities import ActivityKind, activity_key, resource_ref
from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.vocabulary import Verb, VideoExtension

from .models import VideoModulePage, VideoSession, VideoWatch, ViewingClock
from .translations import default_version
from .viewing import (
    SLACK_SECONDS,
    SegmentsInvalid,
    format_segments,
    parse_segments,
    viewing_allowance,
    viewing_update,
)

logger = logging.getLogger(__name__)

#: Video Profile verbs that report where the viewer is and what they played
#: (the player's 15-second heartbeat is `progressed`: credit follows real time).
POSITION_VERBS = {
    Verb.PROGRESSED,
    Verb.PAUSED,
    Verb.TERMINATED,
    Verb.COMPLETED,
    Verb.SEEKED,
    Verb.PLAYED,
}


def _module_for(activity_id: str) -> VideoModulePage | None:
    """The live module an activity IRI names (.../module/<translation_key>), if any."""
    key = activity_key(activity_id, ActivityKind.MODULE)
    if key is None:
        return None
    # Any language version names the module; the viewing is recorded on the
    # default-locale page, so a module watched in Welsh counts in English.
    page = (
        VideoModulePage.objects.live()
        .select_related("video")
        .filter(translation_key=key)
        .first()
    )
    return None if page is None else default_version(page)


@transaction.atomic
def video_statements_apply(
    *,
    person: Person,
    page: VideoModulePage,
    statements: list[dict],
    now: datetime | None = None,
) -> VideoWatch:
    """Fold Video Profile statements from a browser, about one module, into
    accepted watched time, one after another (the player sends a few at once:
    the person's clock, the watch and each session are read once for them).

    The browser's own progress and "completed" are never trusted: the server
    merges played segments as far as real time allows and completes the module
    itself, once per content version, when the watched fraction reaches the
    threshold.
    """
    now = now or timezone.now()
    # The person's clock first, then the watch: one lock order for every request.
    clock, _ = ViewingClock.objects.select_for_update().get_or_create(person=person)
    watch, _ = VideoWatch.objects.select_for_update().get_or_create(
        person=person, page=page
    )
    _start_again_if_updated(watch, page)
    sessions: dict[str, VideoSession] = {}
    for statement in statements:
        context = (statement.get("context") or {}).get("extensions") or {}
        session_id = str(context.get(VideoExtension.SESSION_ID, ""))[:100]
        verb = statement["verb"]["id"]
        if not session_id or not (verb == Verb.INITIALIZED or verb in POSITION_VERBS):
            continue
        if session_id not in sessions:
            # A session first seen now (with or without `initialized`) starts now.
            sessions[session_id], _ = VideoSession.objects.get_or_create(
                watch=watch, session_id=session_id, defaults={"started_at": now}
            )
        if verb in POSITION_VERBS:
            _position_apply(watch, sessions[session_id], clock, page, statement, now)
    if watch.completed_at is None and watch.fraction >= page.completion_threshold:
        watch.completed_at = now
        watch.content_version = page.content_version
        statements_record(
            statements=[module_completed_statement(person, page)], keep_existing=True
        )
    watch.save()
    return watch


def _start_again_if_updated(watch: VideoWatch, page: VideoModulePage) -> None:
    """A new content version is watched afresh: the earlier viewing, its sessions
    and its credit stay behind with the earlier completion."""
    if watch.completed_at is None or watch.content_version >= page.content_version:
        return
    watch.sessions.all().delete()
    watch.segments, watch.fraction, watch.resume_position = "", 0.0, 0.0
    watch.completed_at = None


def _position_apply(
    watch: VideoWatch,
    session: VideoSession,
    clock: ViewingClock,
    page: VideoModulePage,
    statement: dict,
    now: datetime,
) -> None:
    result = (statement.get("result") or {}).get("extensions") or {}
    duration = float(page.video.duration or 0) if page.video else 0.0
    position = result.get(VideoExtension.TIME, result.get(VideoExtension.TIME_TO))
    if (
        isinstance(position, int | float)
        and not isinstance(position, bool)
        and duration
        and math.isfinite(position)
    ):
        watch.resume_position = max(0.0, min(float(position), duration))
    claimed_text = result.get(VideoExtension.PLAYED_SEGMENTS)
    if not isinstance(claimed_text, str) or duration <= 0:
        return
    try:
        claimed = parse_segments(claimed_text)
    except SegmentsInvalid as error:
        logger.info("Ignored played segments from %s: %s", watch.person_id, error)
        return
    update = viewing_update(
        accepted=parse_segments(watch.segments),
        claimed=claimed,
        duration=duration,
        allowance=_allowance(watch, clock, now),
    )
    watch.segments = format_segments(update.segments)
    watch.fraction = update.fraction
    session.credited_seconds += update.new_seconds
    if update.new_seconds:
        clock_advance(clock, seconds=update.new_seconds, now=now)
    if not update.accepted:
        session.refused_claims += 1
        logger.warning(
            "Limited a viewing claim by %s on %s: %s",
            watch.person_id,
            page.pk,
            update.reason,
        )
    session.save(update_fields=["credited_seconds", "refused_claims"])


def _allowance(watch: VideoWatch, clock: ViewingClock, now: datetime) -> float:
    """New seconds of video that real time allows crediting now: on this video
    since its first viewing (any session, tab or batch: the browser invents
    session ids), and for the person across every video (the clock)."""
    viewing = watch.sessions.aggregate(
        first=Min("started_at"), credited=Sum("credited_seconds")
    )
    rate = conf.video_max_playback_rate()
    on_this_video = viewing_allowance(
        seconds_since_start=(now - (viewing["first"] or now)).total_seconds(),
        seconds_already_credited=viewing["credited"] or 0.0,
        max_rate=rate,
    )
    runs_from = _clock_start(clock, now)
    for_the_person = (now - runs_from).total_seconds() * rate + SLACK_SECONDS
    return max(0.0, min(on_this_video, for_the_person))


def _clock_start(clock: ViewingClock, now: datetime) -> datetime:
    """Idle time is saved up for a short burst only."""
    earliest = now - timedelta(seconds=conf.video_credit_burst_seconds())
    if clock.credited_until is None:
        return earliest
    return max(clock.credited_until, earliest)


def clock_advance(clock: ViewingClock, *, seconds: float, now: datetime) -> None:
    """Spend `seconds` of video credit: wall time at the fastest rate."""
    rate = conf.video_max_playback_rate()
    clock.credited_until = _clock_start(clock, now) + timedelta(seconds=seconds / rate)
    clock.save(update_fields=["credited_until"])


def resource_opened(*, person: Person, kind: ActivityKind, resource) -> None:
    """Record that the person opened a guide, leaflet or vlog: an `experienced`
    statement about the document or video, set by the server (never the
    browser), one per person, resource and day."""
    today = timezone.localdate().isoformat()
    statements_record(
        statements=[
            build.resource_experienced(
                staff_number=person.staff_number,
                resource=resource_ref(kind, resource),
                day=today,
            )
        ],
        keep_existing=True,
    )


def module_completed_statement(
    person: Person,
    page: VideoModulePage,
    *,
    version: int | None = None,
    timestamp: datetime | None = None,
) -> dict:
    return build.module_completed(
        staff_number=person.staff_number,
        module=page.activity_ref(version=version),
        timestamp=timestamp,
    )


def module_completions_restore() -> int:
    """Record the completion statement of every module the server completed whose
    statement is missing from the store (before a rebuild: receivers.py)."""
    recorded = set(
        Statement.objects.filter(
            verb_id=Verb.COMPLETED,
            person__isnull=False,
        )
        .recorded_by_platform()
        .values_list("person_id", "activity_id")
    )
    missing = [
        watch
        for watch in VideoWatch.objects.filter(completed_at__isnull=False)
        .select_related("person", "page")
        .order_by("completed_at")
        if (watch.person_id, watch.page.activity_id) not in recorded
    ]
    for watch in missing:
        statements_record(
            statements=[
                module_completed_statement(
                    watch.person,
                    watch.page,
                    version=watch.content_version,
                    timestamp=watch.completed_at,
                )
            ],
            keep_existing=True,
        )
    return len(missing)


def video_statements_accept(*, person: Person, statements: list[dict]) -> None:
    """The browser posted these for `person` and they were stored (receivers.py).

    In their order; each run of statements about the same module is folded
    together, and each module is looked up once a batch."""
    modules: dict[str, VideoModulePage | None] = {}
    runs: list[tuple[VideoModulePage, list[dict]]] = []
    for statement in statements:
        target = statement.get("object") or {}
        if target.get("objectType", "Activity") != "Activity":
            continue
        activity_id = str(target.get("id", ""))
        if activity_id not in modules:
            modules[activity_id] = _module_for(activity_id)
        page = modules[activity_id]
        if page is None:
            continue
        if runs and runs[-1][0].pk == page.pk:
            runs[-1][1].append(statement)
        else:
            runs.append((page, [statement]))
    for page, run in runs:
        video_statements_apply(person=person, page=page, statements=run)
