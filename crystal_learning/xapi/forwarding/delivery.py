"""Forwarding stored statements to external LRSs through the outbox.

Runs only in background jobs, never in a web request. Each endpoint is claimed
with a short lease (its row locked with skip_locked while claiming), so several
workers can forward to different endpoints at once while each endpoint receives
its statements in stored order. Outcomes:

- 2xx: the batch is sent.
- 400, 409, 413: the batch is split in halves until the one statement the LRS
  refuses is found; it becomes a dead letter and the rest flow on.
- 401, 403: the endpoint is paused with the reason, for an administrator.
- 408, 429, 5xx, timeouts, refused connections: the batch waits, with
  exponential backoff and jitter, or as long as Retry-After says. Later
  statements wait behind it, so order per actor is kept.

A statement is marked sent only after the LRS said so; if an answer is lost the
statement is sent again, and the LRS keeps one copy by its id.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crystal_learning import conf

from ..attachments.http import statements_multipart
from .models import Delivery, LRSEndpoint

RETRYABLE = {408, 425, 429, 500, 502, 503, 504}
BISECT = {400, 409, 413}
AUTH = {401, 403}


class _Stop(Exception):
    """Stop forwarding to this endpoint for now (backing off or paused)."""


@dataclass
class ForwardReport:
    sent: int = 0
    dead: int = 0
    requests: int = 0
    paused: list[str] = field(default_factory=list)
    backing_off: list[str] = field(default_factory=list)


def _config(name: str):
    return conf.xapi_forward()[name]


def _claim_endpoint(endpoint_id: int, now: datetime) -> LRSEndpoint | None:
    with transaction.atomic():
        endpoint = (
            LRSEndpoint.objects.select_for_update(skip_locked=True)
            .filter(pk=endpoint_id, enabled=True, paused=False)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .first()
        )
        if endpoint is None:
            return None
        endpoint.lease_until = now + timedelta(seconds=_config("LEASE_SECONDS"))
        endpoint.save(update_fields=["lease_until"])
        return endpoint


def _release(endpoint: LRSEndpoint) -> None:
    LRSEndpoint.objects.filter(pk=endpoint.pk).update(lease_until=None)


def _next_batch(endpoint: LRSEndpoint, now: datetime) -> list[Delivery]:
    with transaction.atomic():
        head = (
            Delivery.objects.filter(endpoint=endpoint, status=Delivery.Status.PENDING)
            .order_by("statement_id")
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        if head is not None and head > now:
            return []  # the oldest is waiting: keep the order, send nothing newer
        # Lock only the delivery rows: joined statement rows are shared with other
        # endpoints' deliveries, and skipping those would send a later batch first.
        return list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(endpoint=endpoint, status=Delivery.Status.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .select_related("statement")
            .order_by("statement_id")[: endpoint.batch_size]
        )


def _payload(delivery: Delivery, version: str) -> dict:
    statement = dict(delivery.statement.payload)
    if version.startswith("2."):
        statement.pop("version", None)  # a 2.0 LRS sets its own
    return statement


def _post(
    client: httpx.Client, endpoint: LRSEndpoint, batch: list[Delivery]
) -> httpx.Response:
    auth = (endpoint.username, endpoint.password) if endpoint.username else None
    statements = [_payload(d, endpoint.version) for d in batch]
    headers = {"X-Experience-API-Version": endpoint.version}
    # Attachment data the LRS holds goes with its statements (multipart/mixed).
    with_data = statements_multipart(statements)
    if with_data is None:
        return client.post(endpoint.url, json=statements, headers=headers, auth=auth)
    body, content_type = with_data
    return client.post(
        endpoint.url,
        content=body,
        headers={**headers, "Content-Type": content_type},
        auth=auth,
    )


def _retry_after(response: httpx.Response | None, now: datetime) -> datetime | None:
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    try:
        return now + timedelta(seconds=max(0.0, float(value)))
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value), now)
    except (TypeError, ValueError):
        return None


def _backoff(
    batch: list[Delivery],
    error: str,
    now: datetime,
    response: httpx.Response | None = None,
) -> datetime:
    attempts = max(d.attempts for d in batch) + 1
    delay = min(_config("BACKOFF_CAP"), _config("BACKOFF_BASE") * 2 ** (attempts - 1))
    until = now + timedelta(seconds=delay * random.uniform(0.5, 1.0))  # noqa: S311 - jitter
    until = _retry_after(response, now) or until
    Delivery.objects.filter(pk__in=[d.pk for d in batch]).update(
        attempts=attempts, next_attempt_at=until, last_error=error[:2000]
    )
    return until


def _deliver(client, endpoint, batch, report: ForwardReport, now: datetime) -> None:
    try:
        response = _post(client, endpoint, batch)
    except httpx.HTTPError as error:
        report.requests += 1
        _backoff(batch, f"{type(error).__name__}: {error}", now)
        raise _Stop from error
    report.requests += 1
    status = response.status_code
    if 200 <= status < 300:
        Delivery.objects.filter(pk__in=[d.pk for d in batch]).update(
            status=Delivery.Status.SENT,
            sent_at=timezone.now(),
            attempts=max(d.attempts for d in batch) + 1,
            last_error="",
        )
        report.sent += len(batch)
        return
    detail = f"HTTP {status}: {response.text[:500]}"
    if status in AUTH:
        LRSEndpoint.objects.filter(pk=endpoint.pk).update(
            paused=True,
            paused_reason=f"The LRS refused our credentials ({detail})."[:300],
        )
        report.paused.append(endpoint.name)
        raise _Stop
    if status in BISECT:
        if len(batch) == 1:
            Delivery.objects.filter(pk=batch[0].pk).update(
                status=Delivery.Status.DEAD,
                last_error=detail[:2000],
                attempts=batch[0].attempts + 1,
            )
            report.dead += 1
            return
        middle = len(batch) // 2
        _deliver(client, endpoint, batch[:middle], report, now)
        _deliver(client, endpoint, batch[middle:], report, now)
        return
    _backoff(batch, detail, now, response)
    raise _Stop


def forward_pending(
    *,
    now: datetime | None = None,
    seconds: float | None = None,
    transport: httpx.BaseTransport | None = None,
) -> ForwardReport:
    """Send what the outbox holds, endpoint by endpoint, for up to `seconds`."""
    report = ForwardReport()
    started = time.monotonic()
    budget = _config("RUN_SECONDS") if seconds is None else seconds
    timeout = httpx.Timeout(_config("READ_TIMEOUT"), connect=_config("CONNECT_TIMEOUT"))
    endpoint_ids = list(
        LRSEndpoint.objects.filter(enabled=True, paused=False).values_list(
            "pk", flat=True
        )
    )
    with httpx.Client(timeout=timeout, transport=transport) as client:
        for endpoint_id in endpoint_ids:
            moment = now or timezone.now()
            endpoint = _claim_endpoint(endpoint_id, moment)
            if endpoint is None:
                continue
            try:
                while time.monotonic() - started < budget:
                    moment = now or timezone.now()
                    batch = _next_batch(endpoint, moment)
                    if not batch:
                        break
                    _deliver(client, endpoint, batch, report, moment)
                    LRSEndpoint.objects.filter(pk=endpoint.pk).update(
                        last_success_at=timezone.now()
                    )
            except _Stop:
                if endpoint.name not in report.paused:
                    report.backing_off.append(endpoint.name)
            finally:
                _release(endpoint)
    return report


@transaction.atomic
def dead_letters_retry(*, delivery_ids: list[int]) -> int:
    """Put dead letters back in the queue (after the LRS or the statement was fixed)."""
    return Delivery.objects.filter(
        pk__in=delivery_ids, status=Delivery.Status.DEAD
    ).update(status=Delivery.Status.PENDING, next_attempt_at=None, last_error="")


@transaction.atomic
def endpoint_resume(*, endpoint: LRSEndpoint) -> None:
    """Unpause an endpoint (credentials fixed); its queued statements flow again."""
    LRSEndpoint.objects.filter(pk=endpoint.pk).update(paused=False, paused_reason="")
