"""Watching a module completes it on the server's terms, once; claims don't."""

from __future__ import annotations

from datetime import timedelta

from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.vocabulary import Verb
from modules.models import VideoWatch

from .helpers import START, event, post


def completions(module) -> int:
    return Statement.objects.filter(
        activity_id=module.activity_id,
        verb_id=Verb.COMPLETED,
        payload__authority__account__name="crystal-learning",
    ).count()


def module_progress(officer, module) -> Progress | None:
    return Progress.objects.filter(
        person=officer, activity_id=module.activity_id
    ).first()


def test_watching_to_the_end_completes_the_module_once(
    officer_browser, module, officer
):
    assert (
        post(
            officer_browser, event(module, officer, Verb.INITIALIZED), at=START
        ).status_code
        == 200
    )
    at = START + timedelta(seconds=45)
    post(
        officer_browser,
        event(module, officer, Verb.PAUSED, segments="0[.]44", time=44),
        at=at,
    )
    assert module_progress(officer, module).status == "in_progress"
    at = START + timedelta(seconds=85)
    post(
        officer_browser,
        event(
            module,
            officer,
            Verb.COMPLETED,
            segments="0[.]44[,]44[.]80",
            time=80,
            progress=1,
        ),
        at=at,
    )
    watch = VideoWatch.objects.get(person=officer, page=module)
    assert watch.fraction == 1.0 and watch.completed_at is not None
    assert completions(module) == 1
    progress = module_progress(officer, module)
    assert progress.status == "completed" and progress.content_version == "1"
    # Replays and a second viewing do not complete it again.
    post(
        officer_browser,
        event(module, officer, Verb.TERMINATED, segments="0[.]80", time=80),
        at=at + timedelta(seconds=5),
    )
    post(
        officer_browser, event(module, officer, Verb.INITIALIZED, session="s-2"), at=at
    )
    assert completions(module) == 1


def test_skipping_past_the_middle_does_not_complete(officer_browser, module, officer):
    post(officer_browser, event(module, officer, Verb.INITIALIZED), at=START)
    post(
        officer_browser,
        event(
            module,
            officer,
            Verb.COMPLETED,
            segments="0[.]20[,]60[.]80",
            time=80,
            progress=1,
        ),
        at=START + timedelta(seconds=200),
    )
    watch = VideoWatch.objects.get(person=officer, page=module)
    assert watch.fraction == 0.5 and watch.completed_at is None
    assert completions(module) == 0
    assert module_progress(officer, module).status == "in_progress"


def test_a_forged_claim_of_the_whole_video_does_not_complete_it(
    officer_browser, module, officer
):
    post(officer_browser, event(module, officer, Verb.INITIALIZED), at=START)
    forged = event(
        module, officer, Verb.COMPLETED, segments="0[.]80", time=80, progress=1
    )
    forged["result"]["completion"] = True
    assert (
        post(officer_browser, forged, at=START + timedelta(seconds=3)).status_code
        == 200
    )
    watch = VideoWatch.objects.get(person=officer, page=module)
    # 3 s at the tests' 20x plus 5 s of slack: 65 of the 80 s, not the whole.
    assert watch.fraction == 65 / 80 and watch.completed_at is None
    assert watch.sessions.get().refused_claims == 1
    assert completions(module) == 0
    assert module_progress(officer, module).status == "in_progress"


def test_a_claim_without_a_session_start_earns_nothing(
    officer_browser, module, officer
):
    post(
        officer_browser,
        event(
            module,
            officer,
            Verb.PAUSED,
            session="never-started",
            segments="0[.]80",
            time=80,
        ),
        at=START,
    )
    # Only the few seconds of slack for clocks and buffering.
    assert VideoWatch.objects.get(person=officer, page=module).fraction == 5 / 80


def test_reopening_the_page_resumes_where_the_person_stopped(
    officer_browser, module, officer
):
    post(officer_browser, event(module, officer, Verb.INITIALIZED), at=START)
    post(
        officer_browser,
        event(module, officer, Verb.PAUSED, segments="0[.]42.5", time=42.5),
        at=START + timedelta(seconds=43),
    )
    text = officer_browser.get(module.url).content.decode()
    assert 'data-resume="42.5"' in text
    assert "You have watched 53% so far." in text


def test_malformed_segments_are_ignored_without_an_error(
    officer_browser, module, officer
):
    post(officer_browser, event(module, officer, Verb.INITIALIZED), at=START)
    response = post(
        officer_browser,
        event(module, officer, Verb.PAUSED, segments="lots", time=10),
        at=START + timedelta(seconds=30),
    )
    assert response.status_code == 200
    assert VideoWatch.objects.get(person=officer, page=module).fraction == 0


def test_my_training_shows_each_modules_status(officer_browser, module, officer):
    text = officer_browser.get("/my-training/").content.decode()
    assert f'id="module-{module.pk}-status"' in text and "Not started" in text
    post(officer_browser, event(module, officer, Verb.INITIALIZED), at=START)
    paused = event(module, officer, Verb.PAUSED, segments="0[.]40", time=40)
    post(officer_browser, paused, at=START + timedelta(seconds=41))
    assert "In progress (50%)" in officer_browser.get("/my-training/").content.decode()


def test_statements_about_unknown_modules_are_stored_but_change_nothing(
    officer_browser, module, officer
):
    stranger = event(module, officer, Verb.PAUSED, segments="0[.]10", time=10)
    stranger["object"]["id"] = module.activity_id.rsplit("/", 1)[0] + "/not-a-uuid"
    assert post(officer_browser, stranger, at=START).status_code == 200
    assert not VideoWatch.objects.exists()
