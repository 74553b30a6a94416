"""Viewing credit is the person's, not a session's: invented sessions earn nothing.

Found by a hostile learner: one POST of paused statements, each with a new
made-up session-id and the next 4.9 s of played-segments, completed an 80 s
module (each session had its own allowance of elapsed x rate + 5 s).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.vocabulary import Verb, VideoExtension
from modules.models import VideoModulePage, VideoWatch
from tests.modules.factories import make_video, video_module

START = timezone.now().replace(microsecond=0)


@pytest.fixture
def browser(officer_browser):
    return officer_browser


def viewing(module, officer, verb, *, session, segments=None):
    statement = {
        "actor": {
            "objectType": "Agent",
            "account": {
                "homePage": "https://learning.example.police.uk",
                "name": officer.staff_number,
            },
        },
        "verb": {"id": verb},
        "object": {"objectType": "Activity", "id": module.activity_id},
        "context": {"extensions": {VideoExtension.SESSION_ID: session}},
    }
    if segments is not None:
        statement["result"] = {"extensions": {VideoExtension.PLAYED_SEGMENTS: segments}}
    return statement


def send(client, statements, *, at):
    with freeze_time(at):
        return client.post(
            "/xapi/statements",
            data=json.dumps(statements),
            content_type="application/json",
            HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
            HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
        )


def completions(module) -> int:
    return Statement.objects.filter(
        activity_id=module.activity_id,
        verb_id=Verb.COMPLETED,
        payload__authority__account__name="crystal-learning",
    ).count()


def watched(officer, module) -> VideoWatch:
    return VideoWatch.objects.get(person=officer, page=module)


def test_one_batch_of_invented_sessions_does_not_complete_the_module(
    browser, module, officer
):
    forged = [
        viewing(
            module,
            officer,
            Verb.PAUSED,
            session=f"made-up-{n}",
            segments=f"{n * 4.9:.1f}[.]{(n + 1) * 4.9:.1f}",
        )
        for n in range(17)
    ]
    assert send(browser, forged, at=START).status_code == 200
    watch = watched(officer, module)
    assert watch.completed_at is None
    # Only the slack for clocks and buffering (5 s) is ever credited in no time.
    assert watch.fraction * 80 <= 5.0
    assert completions(module) == 0


def test_sessions_spread_over_batches_share_one_allowance(browser, module, officer):
    send(browser, [viewing(module, officer, Verb.INITIALIZED, session="a")], at=START)
    # 2 s after the first viewing, at most 2 s x the fastest rate (20x in tests)
    # + 5 s of slack = 45 s can have been watched, however many sessions claim it.
    at = START + timedelta(seconds=2)
    for n in range(16):
        segments = f"{n * 4.9:.1f}[.]{(n + 1) * 4.9:.1f}"
        send(
            browser,
            [
                viewing(
                    module, officer, Verb.PAUSED, session=f"tab-{n}", segments=segments
                )
            ],
            at=at,
        )
    watch = watched(officer, module)
    assert watch.fraction * 80 <= 2 * 20 + 5 + 0.01
    assert watch.completed_at is None
    assert completions(module) == 0
    assert sum(s.refused_claims for s in watch.sessions.all()) >= 6


def test_two_real_tabs_watching_together_still_complete(browser, module, officer):
    send(
        browser,
        [
            viewing(module, officer, Verb.INITIALIZED, session="tab-1"),
            viewing(module, officer, Verb.INITIALIZED, session="tab-2"),
        ],
        at=START,
    )
    send(
        browser,
        [viewing(module, officer, Verb.PAUSED, session="tab-1", segments="0[.]40")],
        at=START + timedelta(seconds=41),
    )
    send(
        browser,
        [viewing(module, officer, Verb.PAUSED, session="tab-2", segments="40[.]80")],
        at=START + timedelta(seconds=42),
    )
    assert watched(officer, module).completed_at is not None
    assert completions(module) == 1


def test_resuming_the_next_day_and_rewatching_still_work(browser, module, officer):
    send(
        browser, [viewing(module, officer, Verb.INITIALIZED, session="day-1")], at=START
    )
    send(
        browser,
        [viewing(module, officer, Verb.PAUSED, session="day-1", segments="0[.]30")],
        at=START + timedelta(seconds=31),
    )
    next_day = START + timedelta(days=1)
    with freeze_time(next_day):
        browser.force_login(officer.user)  # a new day, a new sign-in
    send(
        browser,
        [viewing(module, officer, Verb.INITIALIZED, session="day-2")],
        at=next_day,
    )
    send(
        browser,
        [viewing(module, officer, Verb.PAUSED, session="day-2", segments="30[.]80")],
        at=next_day + timedelta(seconds=51),
    )
    assert watched(officer, module).completed_at is not None
    # Watching it all again later earns no second completion and is not refused.
    later = next_day + timedelta(days=3)
    with freeze_time(later):
        browser.force_login(officer.user)
    send(
        browser, [viewing(module, officer, Verb.INITIALIZED, session="again")], at=later
    )
    send(
        browser,
        [viewing(module, officer, Verb.PAUSED, session="again", segments="0[.]80")],
        at=later + timedelta(seconds=2),
    )
    watch = watched(officer, module)
    assert watch.sessions.get(session_id="again").refused_claims == 0
    assert completions(module) == 1


def test_time_cannot_be_saved_up_by_opening_the_page_early(
    browser, module, officer, settings
):
    """Opening the video once, then claiming all of it a day later in one POST."""
    settings.CRYSTAL_VIDEO_MAX_PLAYBACK_RATE = 2.0
    send(browser, [viewing(module, officer, Verb.INITIALIZED, session="s0")], at=START)
    next_day = START + timedelta(days=1)
    with freeze_time(next_day):
        browser.force_login(officer.user)
    claim = [
        viewing(module, officer, Verb.INITIALIZED, session="new"),
        viewing(module, officer, Verb.PAUSED, session="new", segments="0[.]80"),
    ]
    assert send(browser, claim, at=next_day).status_code == 200
    watch = watched(officer, module)
    # Idle time buys at most a 30 s burst at 2x (plus 5 s of slack).
    assert watch.fraction * 80 <= 30 * 2 + 5 + 0.01
    assert watch.completed_at is None
    assert completions(module) == 0


@pytest.fixture
def three_more_modules(op_crystal_tile):
    """The demo's three videos, with their real lengths."""
    return [
        video_module(tile=op_crystal_tile, slug=slug, video=make_video(duration=length))
        for slug, length in [
            ("why-op-crystal", 74.085),
            ("victim-care-log", 72.817),
            ("closing-a-crime", 63.576),
        ]
    ]


def test_several_videos_at_once_are_no_faster_than_one_after_another(
    browser, officer, settings, module, three_more_modules
):
    settings.CRYSTAL_VIDEO_MAX_PLAYBACK_RATE = 2.0
    modules = list(VideoModulePage.objects.live().exclude(pk=module.pk))
    assert len(modules) >= 3
    send(
        browser,
        [viewing(m, officer, Verb.INITIALIZED, session=f"s-{m.pk}") for m in modules],
        at=START,
    )
    claims = [
        viewing(
            m,
            officer,
            Verb.PAUSED,
            session=f"s-{m.pk}",
            segments=f"0[.]{m.video.duration}",
        )
        for m in modules
    ]
    assert send(browser, claims, at=START + timedelta(seconds=38)).status_code == 200
    watches = VideoWatch.objects.filter(person=officer, page__in=modules)
    credited = sum(w.fraction * float(w.page.video.duration) for w in watches)
    assert credited <= 30 * 2 + 5 + 0.01
    assert sum(1 for w in watches if w.completed_at) <= 1


def test_a_new_content_version_is_watched_and_completed_again(browser, module, officer):
    def watch_all(session, at):
        send(
            browser,
            [viewing(module, officer, Verb.INITIALIZED, session=session)],
            at=at,
        )
        send(
            browser,
            [viewing(module, officer, Verb.PAUSED, session=session, segments="0[.]80")],
            at=at + timedelta(seconds=81),
        )

    watch_all("v1", START)
    assert watched(officer, module).content_version == 1
    module.content_version = 2
    module.save_revision().publish()
    later = START + timedelta(minutes=10)
    with freeze_time(later):
        browser.force_login(officer.user)
    watch_all("v2", later)
    watch = watched(officer, module)
    assert watch.completed_at is not None and watch.content_version == 2
    assert completions(module) == 2
    progress = Progress.objects.get(person=officer, activity_id=module.activity_id)
    assert progress.content_version == "2"


def test_a_real_viewer_at_the_fastest_rate_completes_when_the_video_ends(
    browser, module, officer, settings
):
    """The player reports every 15 s while playing (`progressed`), then
    `completed` at the end: watching the 80 s video at 2x earns it all."""
    settings.CRYSTAL_VIDEO_MAX_PLAYBACK_RATE = 2.0
    send(browser, [viewing(module, officer, Verb.INITIALIZED, session="p")], at=START)
    for seconds in (15, 30):
        heartbeat = viewing(
            module, officer, Verb.PROGRESSED, session="p", segments=f"0[.]{seconds * 2}"
        )
        send(browser, [heartbeat], at=START + timedelta(seconds=seconds))
    ended = viewing(module, officer, Verb.COMPLETED, session="p", segments="0[.]80")
    send(browser, [ended], at=START + timedelta(seconds=40))
    watch = watched(officer, module)
    assert watch.fraction == 1.0 and watch.completed_at is not None
    assert sum(s.refused_claims for s in watch.sessions.all()) == 0
    assert completions(module) == 1
