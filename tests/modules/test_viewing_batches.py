"""The player posts a few statements at once: they are folded one after another,
and the person's clock, the watch and the session are read once a batch."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.vocabulary import Verb
from modules.models import VideoSession, VideoWatch

from .helpers import START, event, post


def test_a_batch_counts_as_its_statements_one_after_another(
    officer_browser, module, officer
):
    post(officer_browser, event(module, officer, Verb.INITIALIZED), at=START)
    response = post(
        officer_browser,
        event(module, officer, Verb.PAUSED, segments="0[.]44", time=44),
        event(module, officer, Verb.PLAYED, time=44),
        event(module, officer, Verb.COMPLETED, segments="0[.]44[,]44[.]80", time=80),
        at=START + timedelta(seconds=85),
    )
    assert response.status_code == 200
    watch = VideoWatch.objects.get(person=officer, page=module)
    assert watch.fraction == 1.0 and watch.completed_at is not None
    assert watch.resume_position == 80
    assert VideoSession.objects.get(watch=watch).credited_seconds == 80
    completed = Statement.objects.filter(
        activity_id=module.activity_id,
        verb_id=Verb.COMPLETED,
        payload__authority__account__name="crystal-learning",
    )
    assert completed.count() == 1


def test_a_batch_opens_each_of_its_sessions(officer_browser, module, officer):
    post(
        officer_browser,
        event(module, officer, Verb.INITIALIZED, session="tab-1"),
        event(module, officer, Verb.INITIALIZED, session="tab-2"),
        event(module, officer, Verb.INITIALIZED, session="tab-1"),
        at=START,
    )
    watch = VideoWatch.objects.get(person=officer, page=module)
    assert sorted(watch.sessions.values_list("session_id", flat=True)) == [
        "tab-1",
        "tab-2",
    ]


def queries_for(client, statements, at) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert post(client, *statements, at=at).status_code == 200
    return len(queries)


def test_the_viewing_is_read_once_a_batch(officer_browser, module, officer):
    started = event(module, officer, Verb.INITIALIZED)
    post(officer_browser, started, at=START)  # the clock, watch and session exist
    one = queries_for(officer_browser, [started], START + timedelta(seconds=1))
    five = queries_for(officer_browser, [started] * 5, START + timedelta(seconds=2))
    assert five == one
