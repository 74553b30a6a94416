"""Queueing statements for every enabled external LRS (inside the recording
transaction, so a statement is forwarded if and only if it was stored)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from ..bulk import rows_insert
from .models import Delivery, LRSEndpoint


def deliveries_queue(*, statement_seqs: Iterable[int]) -> int:
    """One delivery per stored statement and enabled endpoint; how many queued."""
    endpoints = list(
        LRSEndpoint.objects.filter(enabled=True).values_list("pk", flat=True)
    )
    if not endpoints:
        return 0
    now = timezone.now()
    return rows_insert(
        Delivery,
        ("statement", "endpoint", "status", "attempts", "last_error", "created_at"),
        [
            (seq, endpoint, Delivery.Status.PENDING, 0, "", now)
            for seq in statement_seqs
            for endpoint in endpoints
        ],
    )
