"""Reads for scheduling that views share (writes are in services.py)."""

from __future__ import annotations

from datetime import date

from django.db.models import F

from crystal_learning.people.models import Person

from .models import CalendarFeed, DraftPlan, TrainingSession


def calendar_feed_of(*, person: Person) -> CalendarFeed | None:
    """The person's private calendar address, if they have asked for one."""
    return CalendarFeed.objects.filter(person=person).first()


def sessions_with_free_places(
    *, start: date, end: date, limit: int
) -> list[TrainingSession]:
    """Sessions that are not cancelled, from `start` to `end` (inclusive), with
    places left, soonest first; each with `taken` and `free` (1 query)."""
    return list(
        TrainingSession.objects.filter(cancelled=False, date__gte=start, date__lte=end)
        .with_places_taken()
        .annotate(free=F("capacity") - F("taken"))
        .filter(free__gt=0)
        .order_by("date", "start", "pk")[:limit]
    )


def plans_in_draft(*, limit: int) -> list[DraftPlan]:
    """Plans not yet published, newest first, with their requirement (1 query)."""
    return list(
        DraftPlan.objects.filter(status=DraftPlan.Status.DRAFT)
        .select_related("requirement__programme")
        .order_by("-created_at", "-pk")[:limit]
    )
