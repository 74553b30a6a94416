"""Helpers for scheduling tests."""

from __future__ import annotations

from crystal_learning.people.models import Person


def sergeants(n: int) -> list[Person]:
    """The first n active sergeants, oldest first."""
    return list(Person.objects.filter(rank="PS", active=True).order_by("pk")[:n])
