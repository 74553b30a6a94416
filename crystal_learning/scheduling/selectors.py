"""Reads for scheduling that views share (writes are in services.py)."""

from __future__ import annotations

from crystal_learning.people.models import Person

from .models import CalendarFeed


def calendar_feed_of(*, person: Person) -> CalendarFeed | None:
    """The person's private calendar address, if they have asked for one."""
    return CalendarFeed.objects.filter(person=person).first()
