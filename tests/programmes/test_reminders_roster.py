"""Reminders follow the roster (issue 19): never on a rest day, leave or
nights unless the person chose reminders any day; held back, they go on the
next working day."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from freezegun import freeze_time

from crystal_learning.people.models import Absence, Person, ShiftPattern
from crystal_learning.programmes.models import Assignment
from crystal_learning.programmes.reminders import reminders_send


def _officer_on_a_roster() -> tuple[Person, Assignment, str]:
    """The officer works E, L, N, R from 7 days before their due date."""
    officer = Person.objects.get(user__username="officer")
    assignment = Assignment.objects.get(person=officer)
    officer.shift_pattern = ShiftPattern.objects.create(name="ELNR", codes="E,L,N,R")
    officer.shift_pattern_from = assignment.due_on - timedelta(days=7)
    officer.save()
    return officer, assignment, officer.email or officer.user.email


def _mine(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_no_reminder_on_a_rest_day_leave_or_nights_then_on_duty(force):
    officer, assignment, address = _officer_on_a_roster()
    due = assignment.due_on
    Absence.objects.create(
        person=officer,
        kind=Absence.Kind.LEAVE,
        starts_on=due - timedelta(days=3),
        ends_on=due - timedelta(days=3),
    )
    for days_before in (4, 5, 3):  # rest day, night, an early on annual leave
        with freeze_time(due - timedelta(days=days_before)):
            sent = reminders_send()
        assert _mine(address) == []
        assert officer.staff_number in sent.held_off_duty
    with freeze_time(due - timedelta(days=2)):  # a late shift: it goes
        reminders_send()
    assert len(_mine(address)) == 1
    assert "Training due by" in _mine(address)[0].subject


def test_a_person_may_choose_reminders_on_any_day(force):
    officer, assignment, address = _officer_on_a_roster()
    officer.reminders_off_duty = True
    officer.save()
    with freeze_time(assignment.due_on - timedelta(days=4)):  # a rest day
        reminders_send()
    assert len(_mine(address)) == 1
