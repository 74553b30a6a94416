"""Helpers for scheduling tests."""

from __future__ import annotations

from crystal_learning.people.models import Person


def sergeants(n: int) -> list[Person]:
    """The first n active sergeants, oldest first."""
    return list(Person.objects.filter(rank="PS", active=True).order_by("pk")[:n])


def needing(requirement) -> list:
    """Who still needs a requirement (the tests' own reading, to check the
    planner's)."""
    return [
        a.person
        for a in requirement.programme.assignments.filter(
            ended_on__isnull=True, person__active=True
        )
        if requirement.applies_to(a.person)
        and not a.person.progress.filter(
            activity_id=requirement.activity_id, status__in=["completed", "passed"]
        ).exists()
    ]
