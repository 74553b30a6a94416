"""django-q2 jobs for quizzes (thin: they call the services)."""

from __future__ import annotations

from .services import attempts_expire_overdue


def expire_overdue_attempts() -> dict:
    """Every few minutes: submit and record the attempts whose time ran out."""
    return {"expired": attempts_expire_overdue()}
