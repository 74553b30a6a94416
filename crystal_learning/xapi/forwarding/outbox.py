"""Queueing statements for every enabled external LRS (inside the recording
transaction, so a statement is forwarded if and only if it was stored)."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Delivery, LRSEndpoint


def deliveries_queue(*, statement_seqs: Iterable[int]) -> int:
    """One delivery per stored statement and enabled endpoint; how many queued."""
    endpoints = list(
        LRSEndpoint.objects.filter(enabled=True).values_list("pk", flat=True)
    )
    if not endpoints:
        return 0
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(statement_id=seq, endpoint_id=endpoint)
            for seq in statement_seqs
            for endpoint in endpoints
        ],
        batch_size=1000,
    )
    return len(deliveries)
