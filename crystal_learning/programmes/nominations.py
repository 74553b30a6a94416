"""Writes: people a rule names into a programme's audience (targeted refreshers).

Naming is not a second way to assign: the nomination joins the audience
(`services.audience_q`) and `services.assignments_sync` assigns, as for anyone.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from crystal_learning.people.models import Person

from .models import Nomination, Programme
from .reminders import nomination_notify
from .services import assignments_sync


@transaction.atomic
def programme_nominate(
    *,
    programme: Programme,
    person: Person,
    reason: str,
    source: str,
    today: date | None = None,
) -> Nomination | None:
    """Name a person into a programme's audience (a targeted refresher), assign
    them through `assignments_sync` and tell them and their supervisors why.
    Idempotent: None, and nothing sent, if they were named before."""
    nomination, created = Nomination.objects.get_or_create(
        programme=programme,
        person=person,
        defaults={"reason": reason, "source": source, "nominated_at": timezone.now()},
    )
    if not created:
        return None
    assignments_sync(programmes=[programme], person_ids=[person.pk], today=today)
    nomination_notify(nomination=nomination)
    return nomination
