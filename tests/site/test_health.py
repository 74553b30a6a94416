"""/health/: the database, the job queue and the outbox, for monitoring."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_q.models import Schedule

from crystal_learning.xapi.models import Delivery, LRSEndpoint, Statement
from crystal_learning.xapi.pipeline import statements_record
from tests.xapi.factories import make_statement


def test_healthy_without_signing_in(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "queue", "outbox"}
    assert body["checks"]["outbox"]["detail"] == "empty"
    assert response["Cache-Control"].startswith("max-age=0")
    assert client.post("/health/").status_code == 405


def test_an_old_outbox_fails_the_check(client, db, settings):
    LRSEndpoint.objects.create(name="Force LRS", url="http://127.0.0.1:9/")
    statements_record(statements=[make_statement("A1")])
    assert client.get("/health/").status_code == 200  # just queued
    Delivery.objects.update(created_at=timezone.now() - timedelta(minutes=20))
    response = client.get("/health/")
    assert response.status_code == 503
    outbox = response.json()["checks"]["outbox"]
    assert outbox["ok"] is False and "limit 900 s" in outbox["detail"]
    # A paused endpoint is a decision, not a fault.
    LRSEndpoint.objects.update(paused=True)
    assert client.get("/health/").status_code == 200
    assert Statement.objects.count() == 1


def test_a_stalled_scheduler_fails_the_queue_check(client, db):
    Schedule.objects.create(
        name="crystal: forward statements to external LRSs",
        func="crystal_learning.xapi.tasks.forward_statements",
        schedule_type=Schedule.MINUTES,
        minutes=1,
        next_run=timezone.now() - timedelta(minutes=30),
    )
    response = client.get("/health/")
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert "is a django-q2 cluster running?" in queue["detail"]
