"""Watched time, computed on the server from the Video Profile's played segments.

A player reports `played-segments` such as "0[.]12.5[,]40[.]61" (xAPI Video
Profile). The server merges them with what it already accepted for that person
and video, clamps them to the video's stored duration, and refuses any claim of
newly watched time that could not have been watched in the wall-clock time
since the viewing session started (allowing for fast playback). Completion is
the merged watched fraction reaching the module's threshold, never a browser's
"I finished".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Segment = tuple[float, float]

#: Fastest playback a person can watch at (the player offers at most 2x).
MAX_PLAYBACK_RATE = 2.0
#: Seconds of slack for clocks, buffering and rounding when checking a claim.
SLACK_SECONDS = 5.0
#: Gaps smaller than this between segments are treated as continuous viewing.
JOIN_SECONDS = 0.25


class SegmentsInvalid(ValueError):
    """The played-segments string is not in the Video Profile's format."""


def parse_segments(text: str) -> list[Segment]:
    """Parse "start[.]end[,]start[.]end"; ValueError (SegmentsInvalid) if malformed."""
    if not isinstance(text, str) or len(text) > 20_000:
        raise SegmentsInvalid(
            "played-segments must be a string of at most 20,000 characters"
        )
    if not text.strip():
        return []
    segments = []
    for part in text.split("[,]"):
        bounds = part.split("[.]")
        if len(bounds) != 2:
            raise SegmentsInvalid(f"'{part}' is not start[.]end")
        try:
            start, end = float(bounds[0]), float(bounds[1])
        except ValueError:
            raise SegmentsInvalid(f"'{part}' does not hold two numbers") from None
        if (
            not (math.isfinite(start) and math.isfinite(end))
            or start < 0
            or end < start
        ):
            raise SegmentsInvalid(f"'{part}' is not a forward span of the video")
        segments.append((start, end))
    return segments


def format_segments(segments: list[Segment]) -> str:
    return "[,]".join(f"{_number(start)}[.]{_number(end)}" for start, end in segments)


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def merge(segments: list[Segment], *, duration: float | None = None) -> list[Segment]:
    """Sorted, non-overlapping spans; clamped to [0, duration] when given."""
    spans = []
    for start, end in segments:
        if duration is not None:
            start, end = max(0.0, min(start, duration)), max(0.0, min(end, duration))
        if end > start:
            spans.append((start, end))
    spans.sort()
    merged: list[Segment] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + JOIN_SECONDS:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def watched_seconds(segments: list[Segment]) -> float:
    return sum(end - start for start, end in merge(segments))


def watched_fraction(segments: list[Segment], duration: float) -> float:
    if duration <= 0:
        return 0.0
    return min(1.0, watched_seconds(merge(segments, duration=duration)) / duration)


@dataclass(frozen=True)
class ViewingUpdate:
    accepted: bool
    segments: list[Segment]
    fraction: float
    new_seconds: float
    reason: str = ""


def viewing_update(
    *,
    accepted: list[Segment],
    claimed: list[Segment],
    duration: float,
    seconds_since_start: float,
    seconds_already_credited: float,
    max_rate: float = MAX_PLAYBACK_RATE,
) -> ViewingUpdate:
    """Merge a claim into what was accepted, if it could have been watched by now.

    `seconds_since_start` is wall-clock time since the viewing session was
    initialized; `seconds_already_credited` is the watched time this session has
    already been credited with. A session cannot be credited with more than it
    could have played: elapsed time x the fastest playback rate, plus slack.
    """
    before = merge(accepted, duration=duration)
    after = merge(before + list(claimed), duration=duration)
    new_seconds = watched_seconds(after) - watched_seconds(before)
    allowance = max(0.0, seconds_since_start) * max_rate + SLACK_SECONDS
    if new_seconds > 0 and seconds_already_credited + new_seconds > allowance:
        return ViewingUpdate(
            accepted=False,
            segments=before,
            fraction=watched_fraction(before, duration),
            new_seconds=0.0,
            reason=(
                f"claims {seconds_already_credited + new_seconds:.1f} s watched in a "
                f"session that is {seconds_since_start:.1f} s old"
            ),
        )
    return ViewingUpdate(
        accepted=True,
        segments=after,
        fraction=watched_fraction(after, duration),
        new_seconds=new_seconds,
    )
