"""django-q2 jobs for victim care (thin: they call the services)."""

from __future__ import annotations

from .refreshers import refreshers_assign


def assign_refreshers() -> dict:
    """Daily: the targeted refresher rule (idempotent)."""
    report = refreshers_assign()
    return {
        "programme": report.programme,
        "missing_programme": report.missing_programme,
        "assigned": len(report.assigned),
        "already": report.already,
    }
