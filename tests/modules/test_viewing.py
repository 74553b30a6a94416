"""Watched time from played segments: merged, clamped, and only if it could be true."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from modules.viewing import (
    SegmentsInvalid,
    format_segments,
    merge,
    new_spans,
    parse_segments,
    viewing_allowance,
    viewing_update,
    watched_fraction,
    watched_seconds,
)


def test_segments_are_parsed_from_the_video_profile_format():
    assert parse_segments("0[.]12.5[,]40[.]61") == [(0.0, 12.5), (40.0, 61.0)]
    assert parse_segments("") == []


@pytest.mark.parametrize(
    "text", ["0-12", "0[.]12[.]13", "a[.]b", "5[.]2", "-1[.]3", "0[.]inf", "nan[.]3"]
)
def test_malformed_segments_are_refused(text):
    with pytest.raises(SegmentsInvalid):
        parse_segments(text)


def test_overlapping_segments_are_counted_once():
    assert watched_seconds([(0, 30), (20, 50), (50.1, 60)]) == pytest.approx(60)


def test_segments_are_clamped_to_the_real_duration():
    assert watched_fraction([(0, 500)], duration=80) == 1.0
    assert watched_fraction([(70, 500)], duration=80) == pytest.approx(10 / 80)


def test_skipping_the_middle_does_not_reach_the_threshold():
    # Watched the first and last 20 seconds of an 80-second video.
    assert watched_fraction([(0, 20), (60, 80)], duration=80) == 0.5


def allowance(since_start: float, credited: float = 0) -> float:
    return viewing_allowance(
        seconds_since_start=since_start, seconds_already_credited=credited
    )


def test_a_claim_faster_than_real_time_is_credited_only_what_time_allows():
    update = viewing_update(
        accepted=[], claimed=[(0, 80)], duration=80, allowance=allowance(10)
    )
    # 10 s at 2x plus 5 s of slack: the first 25 s, the rest waits.
    assert not update.accepted and update.segments == [(0, 25)]
    assert update.new_seconds == pytest.approx(25)
    assert "claims 80.0 s of new viewing; real time allows 25.0 s now" in update.reason


def test_a_claim_that_fits_the_elapsed_time_is_merged():
    first = viewing_update(
        accepted=[], claimed=[(0, 40)], duration=80, allowance=allowance(41)
    )
    assert first.accepted and first.fraction == 0.5
    second = viewing_update(
        accepted=first.segments,
        claimed=[(0, 40), (40, 75)],
        duration=80,
        allowance=allowance(77, credited=40),
    )
    assert second.accepted and second.new_seconds == pytest.approx(35)
    assert second.fraction == pytest.approx(75 / 80)


def test_rewatching_earns_nothing_new():
    update = viewing_update(
        accepted=[(0, 40)], claimed=[(0, 40)], duration=80, allowance=0
    )
    assert update.accepted and update.new_seconds == 0


def test_partial_credit_fills_gaps_from_the_start():
    update = viewing_update(
        accepted=[(10, 20)], claimed=[(0, 40)], duration=80, allowance=15
    )
    assert update.segments == [(0, 25)]
    assert update.new_seconds == pytest.approx(15)


spans = st.lists(
    st.tuples(
        st.floats(0, 200, allow_nan=False), st.floats(0, 60, allow_nan=False)
    ).map(lambda pair: (pair[0], pair[0] + pair[1])),
    max_size=12,
)


@given(spans, st.floats(1, 300, allow_nan=False))
def test_merged_segments_never_overlap_and_never_exceed_the_duration(
    segments, duration
):
    merged = merge(segments, duration=duration)
    for (_, end), (start, _) in zip(merged, merged[1:], strict=False):
        assert start > end
    assert all(0 <= start < end <= duration for start, end in merged)
    assert 0 <= watched_fraction(segments, duration) <= 1


@given(spans)
def test_merging_is_idempotent_and_order_free(segments):
    once = merge(segments)
    assert merge(once) == once
    assert merge(list(reversed(segments))) == once


@given(spans)
def test_formatting_round_trips(segments):
    merged = merge(segments)
    parsed = parse_segments(format_segments(merged))
    assert watched_seconds(parsed) == pytest.approx(watched_seconds(merged), abs=0.01)


@given(spans, spans, st.floats(1, 300, allow_nan=False), st.floats(0, 400))
# Found by Hypothesis: a part cut short 0.125 s before an accepted span was
# joined to it, crediting the gap too (0.25 s where 0.125 s was allowed).
@example(before=[(0.25, 1.25)], claimed=[(0.0, 1.0)], duration=1.0, allowed=0.125)
def test_never_more_is_credited_than_allowed(before, claimed, duration, allowed):
    accepted = merge(before, duration=duration)
    update = viewing_update(
        accepted=accepted, claimed=claimed, duration=duration, allowance=allowed
    )
    gained = watched_seconds(update.segments) - watched_seconds(accepted)
    assert gained == pytest.approx(update.new_seconds, abs=1e-6)
    assert gained <= allowed + 1e-6
    assert watched_seconds(merge(accepted + update.segments)) == pytest.approx(
        watched_seconds(update.segments), abs=1e-6
    )


@given(spans, spans)
def test_new_spans_are_exactly_what_before_lacks(before, after):
    before, after = merge(before), merge(before + after)
    gained = sum(end - start for start, end in new_spans(before, after))
    assert gained == pytest.approx(
        watched_seconds(after) - watched_seconds(before), abs=1e-6
    )
