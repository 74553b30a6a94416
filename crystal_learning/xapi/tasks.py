"""django-q2 jobs of the learning record (thin: they call services)."""

from __future__ import annotations

from .forwarding.delivery import forward_pending


def forward_statements() -> str:
    """Every minute: drain the outbox to the external LRSs for up to ~50 seconds."""
    report = forward_pending()
    return (
        f"sent {report.sent}, dead {report.dead}, requests {report.requests}, "
        f"paused {report.paused}, backing off {report.backing_off}"
    )
