"""django-q2 jobs for programmes (thin: they call the services)."""

from __future__ import annotations

from django.utils import timezone

from crystal_learning import conf

from .reminders import digests_send, reminders_send


def send_reminders() -> dict:
    """Hourly: due-soon and overdue reminders, and the weekly digests."""
    if timezone.localtime().hour < conf.reminder_hour():
        return {"skipped": "before CRYSTAL_REMINDER_HOUR"}
    sent = reminders_send()
    digests = digests_send()
    return {
        "due_soon": sent.due_soon,
        "overdue": sent.overdue,
        "copies": sent.copies,
        "digests": digests.digests,
    }
