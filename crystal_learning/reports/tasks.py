"""django-q2 jobs for reports (thin: they call the services)."""

from __future__ import annotations

from .services import snapshot_take


def take_coverage_snapshot() -> dict:
    """Hourly: today's coverage by team for every active programme."""
    return {"rows": snapshot_take()}
