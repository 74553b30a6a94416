"""Health checks for load balancers and monitoring: the database, the job queue
(broker reachable, scheduler running) and the age of the xAPI forwarding outbox.

Only the database decides whether this web process is ready (200 or 503): a
stopped or late worker, or an external LRS that is away, does not stop anyone
signing in and learning, so they make the status "degraded" without failing
the load balancer's check. `strict` (for monitoring that reads only the status
code) fails on any check. docs/operations.md.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from crystal_learning import conf


@dataclass
class Check:
    ok: bool
    detail: str
    ms: float = 0.0


def _timed(fn) -> Check:
    started = time.perf_counter()
    try:
        check = fn()
    except Exception as error:  # noqa: BLE001 - a health check reports, never raises
        check = Check(False, f"{type(error).__name__}: {error}"[:200])
    check.ms = round((time.perf_counter() - started) * 1000, 1)
    return check


def database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check(True, connection.vendor)


def queue() -> Check:
    """The broker answers, and the scheduler has run the every-minute schedule
    recently (it only runs while a django-q2 cluster is up)."""
    from django_q.brokers import get_broker
    from django_q.models import Schedule

    broker = get_broker()
    if not broker.ping():
        return Check(False, "the broker does not answer")
    waiting = broker.queue_size()
    late = timezone.now() - timedelta(seconds=conf.health_scheduler_late())
    overdue = Schedule.objects.filter(
        name__startswith="crystal: ", minutes__lte=5, next_run__lt=late
    ).first()
    if overdue is not None:
        return Check(
            False,
            f"schedule {overdue.name!r} is overdue since "
            f"{overdue.next_run:%Y-%m-%d %H:%M:%S}: is a django-q2 cluster running? "
            "(a cluster just started catches up within a minute)",
        )
    stuck = _scheduled_but_not_run(late)
    if stuck is not None:
        return stuck
    return Check(True, f"{type(broker).__name__}, {waiting} task(s) waiting")


def _scheduled_but_not_run(late) -> Check | None:
    """The scheduler goes on queueing while no worker runs anything: a worker
    killed while waiting for work leaves django-q2's task queue locked
    (django-q2 issue #23), so the cluster looks alive and does nothing until it
    is restarted. Caught as an every-few-minutes schedule the scheduler kept
    queueing more than the limit after its last finished task."""
    from django.db.models import Max
    from django_q.models import Schedule, Task

    for schedule in Schedule.objects.filter(
        name__startswith="crystal: ", minutes__lte=5, next_run__gte=late
    ).only("name", "func", "minutes", "next_run"):
        finished = Task.objects.filter(func=schedule.func).aggregate(
            last=Max("stopped")
        )["last"]
        # One interval of the schedule's own beyond the limit: a five-minute
        # job finishes five minutes apart.
        if finished is not None and finished < late - timedelta(
            minutes=schedule.minutes
        ):
            # Also for the seconds between a restart after a long stop and
            # the first task's end: the status was already degraded then.
            return Check(
                False,
                f"schedule {schedule.name!r} is queued every few minutes but "
                f"has not finished since {finished:%Y-%m-%d %H:%M:%S}: restart "
                "the django-q2 cluster (a stuck worker, docs/operations.md)",
            )
    return None


def outbox() -> Check:
    """The oldest statement still owed to an enabled external LRS."""
    from crystal_learning.xapi.models import Delivery

    oldest = (
        Delivery.objects.filter(
            status=Delivery.Status.PENDING,
            endpoint__enabled=True,
            endpoint__paused=False,
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if oldest is None:
        return Check(True, "empty")
    age = (timezone.now() - oldest).total_seconds()
    limit = conf.health_outbox_max_age()
    return Check(age <= limit, f"oldest pending {age:.0f} s (limit {limit} s)")


CHECKS = {"database": database, "queue": queue, "outbox": outbox}
#: The checks without which this process cannot serve: they decide readiness.
READY = frozenset({"database"})


def health(*, strict: bool = False) -> tuple[bool, dict]:
    """(whether to answer 200, the body). Status "ok" when every check passes,
    "degraded" when only the worker or the outbox fails, "fail" when not ready."""
    results = {name: _timed(fn) for name, fn in CHECKS.items()}
    ready = all(results[name].ok for name in READY)
    healthy = all(check.ok for check in results.values())
    status = "ok" if healthy else "degraded" if ready else "fail"
    return (healthy if strict else ready), {
        "status": status,
        "ready": ready,
        "checks": {name: asdict(check) for name, check in results.items()},
    }
