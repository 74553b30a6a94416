"""Forwarding to a real HTTP LRS that answers, fails, hangs and goes away."""

from __future__ import annotations

import base64
import threading
from collections import defaultdict
from datetime import timedelta

import pytest
from django.utils import timezone

from crystal_learning.xapi.forwarding.delivery import (
    dead_letters_retry,
    endpoint_resume,
    forward_pending,
)
from crystal_learning.xapi.models import Delivery, LRSEndpoint, Statement
from crystal_learning.xapi.pipeline import statements_record
from tests.xapi.factories import make_statement
from tests.xapi.stub_lrs import StubLRS

LATER = timedelta(hours=2)


@pytest.fixture
def stub():
    lrs = StubLRS().start()
    yield lrs
    lrs.stop()


@pytest.fixture
def endpoint(db, stub, settings):
    settings.CRYSTAL_XAPI_FORWARD = {
        **settings.CRYSTAL_XAPI_FORWARD,
        "READ_TIMEOUT": 1.0,
        "CONNECT_TIMEOUT": 1.0,
    }
    return LRSEndpoint.objects.create(
        name="Learning Locker", url=stub.url, batch_size=10
    )


def record_many(count: int, actors=("A1", "B2", "C3")) -> list[str]:
    ids = []
    for index in range(count):
        statement = make_statement(actors[index % len(actors)])
        statements_record(statements=[statement])
        ids.append(statement["id"])
    return ids


def pending() -> int:
    return Delivery.objects.filter(status=Delivery.Status.PENDING).count()


def per_actor(ids: list[str]) -> dict[str, list[str]]:
    actors = dict(Statement.objects.values_list("statement_id", "actor_key"))
    grouped = defaultdict(list)
    for statement_id in ids:
        import uuid

        grouped[actors[uuid.UUID(statement_id)]].append(statement_id)
    return grouped


def test_every_statement_is_queued_and_delivered_once_in_order(endpoint, stub):
    ids = record_many(25)
    assert pending() == 25
    report = forward_pending()
    assert report.sent == 25 and report.requests == 3  # batches of 10
    assert stub.arrivals == ids
    assert pending() == 0
    assert forward_pending().requests == 0  # nothing sent twice


def test_a_204_answer_counts_as_sent(endpoint, stub):
    ids = record_many(4)
    stub.success_status = 204
    assert forward_pending().sent == 4
    assert stub.arrivals == ids and pending() == 0


def test_nothing_is_sent_inside_a_web_request(endpoint, stub, lrs_client):
    assert lrs_client.post(make_statement()).status_code == 200
    assert stub.requests == []
    assert pending() == 1


def test_an_lrs_that_stops_and_comes_back_gets_everything_once_in_order(endpoint, stub):
    ids = record_many(30)
    stub.hang_seconds = 0
    forward_pending(seconds=0.0)  # a run that is out of time sends nothing
    assert stub.requests == []
    first = forward_pending()
    assert first.sent == 30
    more = record_many(20)
    stub.stop()  # the LRS goes away in the middle of the programme
    down = forward_pending()
    assert down.sent == 0 and down.backing_off == ["Learning Locker"]
    assert pending() == 20
    assert forward_pending().requests == 0  # backing off: no hammering
    stub.start()  # back on the same port
    back = forward_pending(now=timezone.now() + LATER)
    assert back.sent == 20
    assert sorted(stub.stored) == sorted(ids + more)
    assert len(stub.arrivals) == len(set(stub.arrivals)) == 50
    assert per_actor(stub.arrivals) == per_actor(ids + more)


def test_an_answer_lost_in_a_timeout_is_sent_again_but_stored_once(endpoint, stub):
    ids = record_many(3)
    stub.hang_seconds = (
        1.5  # longer than the read timeout: the LRS stores, we never hear
    )
    report = forward_pending()
    assert report.sent == 0 and pending() == 3
    stub.hang_seconds = 0
    forward_pending(now=timezone.now() + LATER)
    assert pending() == 0
    assert stub.arrivals == ids
    assert len(stub.requests) == 2


def test_retry_after_is_respected(endpoint, stub):
    record_many(2)
    stub.status, stub.retry_after = 503, "120"
    before = timezone.now()
    forward_pending(now=before)
    waiting = Delivery.objects.first()
    assert waiting.attempts == 1 and "HTTP 503" in waiting.last_error
    assert (
        timedelta(seconds=119)
        <= waiting.next_attempt_at - before
        <= timedelta(seconds=121)
    )
    stub.status = 200
    assert forward_pending(now=before + timedelta(seconds=60)).requests == 0
    assert forward_pending(now=before + timedelta(seconds=121)).sent == 2


def test_429_backs_off_exponentially(endpoint, stub):
    record_many(1)
    stub.status = 429
    now = timezone.now()
    delays = []
    for _ in range(4):
        forward_pending(now=now)
        delivery = Delivery.objects.get()
        delays.append((delivery.next_attempt_at - now).total_seconds())
        now = delivery.next_attempt_at
    assert Delivery.objects.get().attempts == 4
    assert 2.5 <= delays[0] <= 5 and 20 <= delays[3] <= 40  # 5 s doubling, with jitter


@pytest.mark.parametrize("status", [400, 409, 413])
def test_one_refused_statement_is_dead_lettered_and_the_rest_flow(
    endpoint, stub, status
):
    ids = record_many(10)
    stub.reject = {ids[6]: status}
    report = forward_pending()
    assert report.sent == 9 and report.dead == 1
    dead = Delivery.objects.get(status=Delivery.Status.DEAD)
    assert str(dead.statement.statement_id) == ids[6]
    assert f"HTTP {status}" in dead.last_error
    assert stub.arrivals == [i for i in ids if i != ids[6]]
    # Once the LRS accepts it, the dead letter can be retried.
    stub.reject = {}
    assert dead_letters_retry(delivery_ids=[dead.pk]) == 1
    assert forward_pending().sent == 1
    assert set(stub.arrivals) == set(ids)


def test_refused_credentials_pause_the_endpoint(endpoint, stub, monkeypatch):
    stub.expect_auth = "Basic " + base64.b64encode(b"crystal:right-secret").decode()
    endpoint.username, endpoint.password_env_var = "crystal", "TEST_LRS_SECRET"
    endpoint.save()
    monkeypatch.setenv("TEST_LRS_SECRET", "wrong-secret")
    record_many(3)
    report = forward_pending()
    endpoint.refresh_from_db()
    assert report.paused == ["Learning Locker"] and endpoint.paused
    assert "refused our credentials" in endpoint.paused_reason
    assert pending() == 3
    assert forward_pending().requests == 0  # paused: nothing is tried
    monkeypatch.setenv("TEST_LRS_SECRET", "right-secret")
    endpoint_resume(endpoint=endpoint)
    assert forward_pending().sent == 3


def test_a_disabled_endpoint_gets_nothing_queued(endpoint, stub):
    endpoint.enabled = False
    endpoint.save()
    record_many(2)
    assert pending() == 0


def test_xapi_2_endpoints_get_the_2_0_header(endpoint, stub):
    endpoint.version = "2.0.0"
    endpoint.save()
    record_many(1)
    forward_pending()
    statement = next(iter(stub.stored.values()))
    assert "version" not in statement


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_statement_once(stub, settings):
    settings.CRYSTAL_XAPI_FORWARD = {
        **settings.CRYSTAL_XAPI_FORWARD,
        "READ_TIMEOUT": 2.0,
    }
    LRSEndpoint.objects.create(name="Primary", url=stub.url, batch_size=5)
    second = StubLRS().start()
    try:
        LRSEndpoint.objects.create(name="Secondary", url=second.url, batch_size=5)
        ids = record_many(40)
        reports = []

        def worker():
            from django.db import connection

            try:
                reports.append(forward_pending())
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        for _ in range(3):  # finish anything a slow answer left waiting
            forward_pending(now=timezone.now() + LATER)
        assert stub.arrivals == ids and second.arrivals == ids
        # A statement sent twice must be a retry after a lost answer, never two
        # workers sending it at once.
        for lrs, name in ((stub, "Primary"), (second, "Secondary")):
            sent = [i for request in lrs.requests for i in request]
            repeated = {i for i in sent if sent.count(i) > 1}
            retried = {
                str(d.statement.statement_id)
                for d in Delivery.objects.filter(endpoint__name=name, attempts__gt=1)
            }
            assert repeated <= retried
    finally:
        second.stop()
