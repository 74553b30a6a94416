"""The progress projection: how statements move a person's status on an activity.

One pure function, `progress_apply`, is used both live (by `statement_record`)
and by `crystal_rebuild_progress`, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .agents import is_browser_statement, is_platform_statement
from .vocabulary import CONTENT_VERSION, ActivityType, Verb, VideoExtension

STARTED, COMPLETED, PASSED, FAILED = "in_progress", "completed", "passed", "failed"
FIELDS = (
    "activity_type",
    "status",
    "progress",
    "best_score",
    "attempts",
    "first_seen",
    "last_seen",
    "completed_at",
    "content_version",
)


@dataclass
class ProgressState:
    activity_type: str = ""
    status: str = "not_started"
    progress: float = 0.0
    best_score: float | None = None
    attempts: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    completed_at: datetime | None = None
    content_version: str = ""

    @classmethod
    def of(cls, record) -> ProgressState:
        return cls(**{name: getattr(record, name) for name in FIELDS})

    def values(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}


def progress_apply(
    state: ProgressState, payload: dict, when: datetime
) -> ProgressState:
    """Fold one (non-voided) statement about an activity into the person's state."""
    verb = payload["verb"]["id"]
    result = payload.get("result") or {}
    definition = (payload.get("object") or {}).get("definition") or {}
    context_extensions = (payload.get("context") or {}).get("extensions") or {}

    browser = is_browser_statement(payload)
    if browser:
        # A browser's clock and its idea of the activity's type are claims: the
        # time it was seen is when the server stored it.
        when = _stored_at(payload, when)
    elif isinstance(definition.get("type"), str) and definition["type"]:
        state.activity_type = definition["type"]
    state.first_seen = when if state.first_seen is None else min(state.first_seen, when)
    state.last_seen = when if state.last_seen is None else max(state.last_seen, when)
    if is_platform_statement(payload):
        version = version_number(context_extensions.get(CONTENT_VERSION))
        if version:
            state.content_version = str(version)
    if state.status == "not_started":
        state.status = STARTED
    if browser:
        return state  # evidence of activity only: the browser cannot vouch for results

    progress = (result.get("extensions") or {}).get(VideoExtension.PROGRESS)
    if isinstance(progress, int | float) and not isinstance(progress, bool):
        state.progress = max(state.progress, min(max(float(progress), 0.0), 1.0))
    scaled = (result.get("score") or {}).get("scaled")
    if verb in (Verb.PASSED, Verb.FAILED) and isinstance(scaled, int | float):
        state.best_score = (
            scaled if state.best_score is None else max(state.best_score, scaled)
        )

    if verb == Verb.ATTEMPTED:
        state.attempts += 1
    elif verb == Verb.PASSED:
        state.status = PASSED
        state.completed_at = state.completed_at or when
    elif verb == Verb.FAILED:
        if state.status not in (PASSED, COMPLETED):
            state.status = FAILED
    elif (verb == Verb.COMPLETED or result.get("completion") is True) and (
        state.status
        not in (PASSED, FAILED)  # finishing an attempt does not undo a fail
    ):
        state.status = COMPLETED
        state.completed_at = state.completed_at or when
        state.progress = 1.0
    return state


def _stored_at(payload: dict, default: datetime) -> datetime:
    try:
        return datetime.fromisoformat(payload["stored"])
    except (KeyError, TypeError, ValueError):
        return default


def version_number(value: object) -> int:
    """A content version (a whole number, "3"), or 0 for anything else: stored
    versions are read through this, so a bad value can never break a page."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return 0
    return int(text)


def projects(payload: dict) -> bool:
    """Whether a statement moves progress: about an activity, not a single question."""
    target = payload.get("object") or {}
    if target.get("objectType", "Activity") != "Activity":
        return False
    if payload["verb"]["id"] == Verb.VOIDED:
        return False
    kind = (target.get("definition") or {}).get("type")
    return kind != ActivityType.INTERACTION
