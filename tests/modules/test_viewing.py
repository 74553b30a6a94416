"""Watched time from played segments: merged, clamped, and only if it could be true."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modules.viewing import (
    SegmentsInvalid,
    format_segments,
    merge,
    parse_segments,
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


def test_a_claim_faster_than_real_time_is_refused():
    update = viewing_update(
        accepted=[],
        claimed=[(0, 80)],
        duration=80,
        seconds_since_start=10,
        seconds_already_credited=0,
    )
    assert not update.accepted and update.fraction == 0.0
    assert "claims 80.0 s watched in a session that is 10.0 s old" in update.reason


def test_a_claim_that_fits_the_elapsed_time_is_merged():
    first = viewing_update(
        accepted=[],
        claimed=[(0, 40)],
        duration=80,
        seconds_since_start=41,
        seconds_already_credited=0,
    )
    assert first.accepted and first.fraction == 0.5
    second = viewing_update(
        accepted=first.segments,
        claimed=[(0, 40), (40, 75)],
        duration=80,
        seconds_since_start=77,
        seconds_already_credited=40,
    )
    assert second.accepted and second.new_seconds == pytest.approx(35)
    assert second.fraction == pytest.approx(75 / 80)


def test_rewatching_earns_nothing_new():
    update = viewing_update(
        accepted=[(0, 40)],
        claimed=[(0, 40)],
        duration=80,
        seconds_since_start=1,
        seconds_already_credited=40,
    )
    assert update.accepted and update.new_seconds == 0


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
