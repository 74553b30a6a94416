"""Background jobs of the site itself."""

from __future__ import annotations

from django.utils import timezone


def queue_ping() -> str:
    """A no-op job: proves a worker takes jobs from the broker (health, tests)."""
    return f"pong {timezone.now().isoformat()}"
