"""django-q2 jobs for data protection (thin: they call the services)."""

from __future__ import annotations

from dataclasses import asdict

from .services import retention_apply


def apply_retention() -> dict:
    """Daily: delete what the retention settings no longer keep."""
    return asdict(retention_apply())
