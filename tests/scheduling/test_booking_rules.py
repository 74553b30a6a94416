"""The booking rules written once (scheduling/querysets.py): which places take
a person off duty for training. The abstraction load report and the planner's
"other training" count the same places; a cancelled session counts nowhere."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from crystal_learning.reports.abstraction_load import abstraction_load
from crystal_learning.scheduling.models import Booking, TrainingSession
from tests.people.factories import PersonFactory, make_team


def _session(day, *, cancelled=False) -> TrainingSession:
    return TrainingSession.objects.create(
        kind=TrainingSession.Kind.BRIEFING,
        title="Rule session",
        date=day,
        start=time(10, 0),
        end=time(12, 0),
        venue="HQ",
        capacity=10,
        cancelled=cancelled,
    )


def test_abstracting_places_are_counted_alike(db):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    team = make_team(name="Rule Response B")
    people = [PersonFactory(team=team) for _ in range(5)]
    held, cancelled = _session(monday), _session(monday, cancelled=True)
    statuses = [
        (held, Booking.Status.BOOKED),  # counts
        (held, Booking.Status.ATTENDED),  # counts
        (held, Booking.Status.CANCELLED),  # the person withdrew
        (held, Booking.Status.NO_SHOW),  # was not taken off duty
        (cancelled, Booking.Status.BOOKED),  # the session did not run
    ]
    for person, (session, status) in zip(people, statuses, strict=True):
        Booking.objects.create(
            session=session, person=person, status=status, created_at=timezone.now()
        )

    counted = set(Booking.objects.abstracting().values_list("person_id", flat=True))
    assert counted == {people[0].pk, people[1].pk}
    assert set(Booking.objects.active().values_list("person_id", flat=True)) == {
        people[0].pk
    }
    _weeks, loads = abstraction_load(
        start=monday, weeks=1, team_ids=frozenset({team.pk})
    )
    (load,) = loads
    assert load.weeks[0].people == 2
