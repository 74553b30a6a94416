"""/health/: the database, the job queue and the outbox, for monitoring."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone
from django_q.models import Schedule

from crystal_learning.xapi.models import Delivery, LRSEndpoint, Statement
from crystal_learning.xapi.pipeline import statements_record
from tests.site.helpers import run_python
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


def test_an_old_outbox_is_reported_without_failing_readiness(client, db):
    LRSEndpoint.objects.create(name="Force LRS", url="http://127.0.0.1:9/")
    statements_record(statements=[make_statement("A1")])
    assert client.get("/health/").json()["status"] == "ok"  # just queued
    Delivery.objects.update(created_at=timezone.now() - timedelta(minutes=20))
    response = client.get("/health/")
    assert response.status_code == 200  # the site still serves everyone
    body = response.json()
    assert (body["status"], body["ready"]) == ("degraded", True)
    outbox = body["checks"]["outbox"]
    assert outbox["ok"] is False and "limit 900 s" in outbox["detail"]
    # Monitoring that reads only the status code asks for strict.
    assert client.get("/health/?strict=1").status_code == 503
    # A paused endpoint is a decision, not a fault.
    LRSEndpoint.objects.update(paused=True)
    assert client.get("/health/?strict=1").status_code == 200
    assert Statement.objects.count() == 1


def test_a_stalled_scheduler_is_reported_without_failing_readiness(client, db):
    """After a restart that follows a long stop the schedules are overdue until
    the new cluster's scheduler runs: the web app is ready all the same."""
    Schedule.objects.create(
        name="crystal: forward statements to external LRSs",
        func="crystal_learning.xapi.tasks.forward_statements",
        schedule_type=Schedule.MINUTES,
        minutes=1,
        next_run=timezone.now() - timedelta(minutes=30),
    )
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["ready"]) == ("degraded", True)
    assert body["checks"]["database"]["ok"] is True
    queue = body["checks"]["queue"]
    assert queue["ok"] is False
    assert "is a django-q2 cluster running?" in queue["detail"]
    assert client.get("/health/?strict=1").status_code == 503
    assert client.get("/health/?strict=nonsense").status_code == 200


def test_no_database_is_not_ready():
    """The one check that decides readiness: a process whose database does not
    answer (nothing listens on port 9) says 503, "fail"."""
    code = (
        "import django, json; django.setup(); "
        "from django.test import Client; "
        "r = Client().get('/health/'); "
        "print(r.status_code, json.dumps(r.json()))"
    )
    result = run_python(
        code,
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.test",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/nothing",
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    body = json.loads(body)
    assert status == "503"
    assert (body["status"], body["ready"]) == ("fail", False)
    assert body["checks"]["database"]["ok"] is False


def test_a_cluster_that_queues_but_runs_nothing_is_reported(client, db):
    """A worker killed while it waited for work leaves django-q2's task queue
    locked (django-q2 issue #23; bench/load.py's fault found it): the scheduler
    still queues every minute, so no schedule is overdue, but nothing runs."""
    from django_q.models import Task

    now = timezone.now()
    Schedule.objects.create(
        name="crystal: forward statements to external LRSs",
        func="crystal_learning.xapi.tasks.forward_statements",
        schedule_type=Schedule.MINUTES,
        minutes=1,
        next_run=now + timedelta(seconds=30),  # the scheduler is running
    )

    def finished(ago: timedelta) -> None:
        Task.objects.all().delete()
        Task.objects.create(
            id="a" * 32,
            name="forward",
            func="crystal_learning.xapi.tasks.forward_statements",
            started=now - ago,
            stopped=now - ago,
            success=True,
        )

    finished(timedelta(minutes=1))
    assert client.get("/health/?strict=1").status_code == 200
    finished(timedelta(minutes=10))
    response = client.get("/health/")
    assert response.status_code == 200  # the site still serves everyone
    body = response.json()
    assert (body["status"], body["ready"]) == ("degraded", True)
    assert "restart the django-q2 cluster" in body["checks"]["queue"]["detail"]
    assert client.get("/health/?strict=1").status_code == 503
