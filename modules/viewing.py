"""Watched time, computed on the server from the Video Profile's played segments.

A player reports `played-segments` such as "0[.]12.5[,]40[.]61" (xAPI Video
Profile). The server merges them with what it already accepted for that person
and video, clamps them to the video's stored duration, and refuses any claim of
newly watched time that could not have been watched in the wall-clock time
since the person first began viewing that video, across all their sessions
(allowing for fast playback). Completion is
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
    accepted: bool  # the whole claim was credited
    segments: list[Segment]
    fraction: float
    new_seconds: float
    reason: str = ""


def viewing_allowance(
    *,
    seconds_since_start: float,
    seconds_already_credited: float,
    max_rate: float = MAX_PLAYBACK_RATE,
) -> float:
    """Seconds of video that may still be credited on a video first opened
    `seconds_since_start` ago, of which `seconds_already_credited` were."""
    allowance = max(0.0, seconds_since_start) * max_rate + SLACK_SECONDS
    return max(0.0, allowance - seconds_already_credited)


def new_spans(before: list[Segment], after: list[Segment]) -> list[Segment]:
    """The parts of `after` not in `before` (both merged), in order."""
    spans: list[Segment] = []
    for start, end in after:
        cursor = start
        for b_start, b_end in before:
            if b_end <= cursor or b_start >= end:
                continue
            if b_start > cursor:
                spans.append((cursor, b_start))
            cursor = max(cursor, b_end)
        if cursor < end:
            spans.append((cursor, end))
    return spans


def _earliest(before: list[Segment], after: list[Segment], left: float) -> list:
    """The earliest `left` seconds of what `after` adds to `before`. A part cut
    short stops JOIN_SECONDS before the accepted span it would touch: merging
    would otherwise close the gap and credit it too."""
    starts = {start for start, _end in before}
    taken: list[Segment] = []
    for start, end in new_spans(before, after):
        if left <= 0:
            break
        cut = start + left
        if cut >= end:
            taken.append((start, end))
            left -= end - start
            continue
        if end in starts:
            cut = min(cut, end - JOIN_SECONDS - 1e-6)
        if cut > start:
            taken.append((start, cut))
        break
    return taken


def viewing_update(
    *,
    accepted: list[Segment],
    claimed: list[Segment],
    duration: float,
    allowance: float,
) -> ViewingUpdate:
    """Merge a claim into what was accepted, crediting at most `allowance` new
    seconds (the earliest parts of the video first); the rest waits.

    A player sends its played segments cumulatively, so what is not credited
    now is claimed again with the next report, when more real time has passed.
    """
    before = merge(accepted, duration=duration)
    after = merge(before + list(claimed), duration=duration)
    new_seconds = watched_seconds(after) - watched_seconds(before)
    if new_seconds <= allowance + 1e-9:
        return ViewingUpdate(
            accepted=True,
            segments=after,
            fraction=watched_fraction(after, duration),
            new_seconds=new_seconds,
        )
    merged = merge(
        before + _earliest(before, after, max(0.0, allowance)), duration=duration
    )
    credited = watched_seconds(merged) - watched_seconds(before)
    if credited > allowance + 1e-9:  # never more than real time allows
        merged, credited = before, 0.0
    return ViewingUpdate(
        accepted=False,
        segments=merged,
        fraction=watched_fraction(merged, duration),
        new_seconds=credited,
        reason=(
            f"claims {new_seconds:.1f} s of new viewing; real time allows "
            f"{max(0.0, allowance):.1f} s now"
        ),
    )
