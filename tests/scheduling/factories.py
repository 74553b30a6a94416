"""Builders for scheduling tests: training sessions."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from crystal_learning.programmes.models import Requirement
from crystal_learning.scheduling.models import TrainingSession


def briefing(capacity: int = 2, on: date | None = None) -> TrainingSession:
    """The supervisor briefing of "Op Crystal core", a week ahead by default."""
    requirement = Requirement.objects.get(
        kind="briefing", programme__name="Op Crystal core"
    )
    return TrainingSession.objects.create(
        kind=TrainingSession.Kind.BRIEFING,
        title="Op Crystal supervisor briefing",
        requirement=requirement,
        date=on or timezone.localdate() + timedelta(days=7),
        start=time(10, 0),
        end=time(12, 0),
        venue="HQ, room 2",
        capacity=capacity,
        audience_ranks=["PS", "INSP"],
    )
