"""Reminders: due soon, overdue with a copy to the supervisor, weekly digests,
never the same one twice, dates under freezegun."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from freezegun import freeze_time

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Assignment, ReminderLog
from crystal_learning.programmes.reminders import digests_send, reminders_send
from crystal_learning.programmes.tasks import send_reminders
from tests.programmes.helpers import complete_everything


@pytest.fixture(autouse=True)
def _reminders_any_day(force):
    """What is sent, whatever day it falls on in the officers' roster (the
    roster's own rules: test_reminders_roster.py)."""
    Person.objects.update(reminders_off_duty=True)


def officer() -> Person:
    return Person.objects.select_related("team").get(user__username="officer")


def officer_assignment() -> Assignment:
    return Assignment.objects.get(person=officer())


def to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_due_soon_goes_once_to_the_learner(force):
    due = officer_assignment().due_on
    email = officer().email or officer().user.email
    assert email
    with freeze_time(due - timedelta(days=8)):
        reminders_send()
    assert to(email) == []  # outside the 7-day window
    with freeze_time(due - timedelta(days=7)):
        reminders_send()
        reminders_send()  # the same reminder is not sent twice
    mine = to(email)
    assert len(mine) == 1
    message = mine[0]
    assert "Training due by" in message.subject
    assert "Op Crystal core" in message.body
    assert "/my-training/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "<strong>" in html


def test_overdue_goes_to_the_learner_with_a_copy_to_the_supervisor(force):
    due = officer_assignment().due_on
    sergeant = Person.objects.get(user__username="sergeant")
    with freeze_time(due + timedelta(days=1)):
        sent = reminders_send()
        again = reminders_send()
    assert sent.overdue >= 1 and sent.copies >= 1
    assert again.overdue == again.copies == 0
    learner_mail = to(officer().email or officer().user.email)
    assert [m.subject for m in learner_mail] == ["Overdue: Op Crystal core"]
    copies = [
        m
        for m in to(sergeant.email or sergeant.user.email)
        if officer().display_name in m.subject
    ]
    assert len(copies) == 1
    assert officer().staff_number in copies[0].body
    assert ReminderLog.objects.filter(kind="overdue_copy", recipient=sergeant).exists()


def test_nothing_for_completed_or_ended_assignments(force):
    complete_everything(officer())
    due = officer_assignment().due_on
    with freeze_time(due + timedelta(days=1)):
        reminders_send()
    assert to(officer().email or officer().user.email) == []


def test_a_failed_send_is_tried_again_next_time(force, monkeypatch):
    due = officer_assignment().due_on
    from django.core.mail import EmailMultiAlternatives

    def broken(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    with freeze_time(due - timedelta(days=1)):
        monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
        with pytest.raises(ConnectionRefusedError):
            reminders_send()
        assert not ReminderLog.objects.filter(recipient=officer()).exists()
        monkeypatch.undo()
        reminders_send()
    assert len(to(officer().email or officer().user.email)) == 1


def test_the_weekly_digest_lists_the_team_once_a_week(force):
    sergeant = Person.objects.get(user__username="sergeant")
    address = sergeant.email or sergeant.user.email
    due = officer_assignment().due_on
    monday = due - timedelta(days=due.weekday())  # the Monday of that week
    with freeze_time(monday):
        digests_send()
        digests_send()
    with freeze_time(monday + timedelta(days=3)):
        digests_send()  # same ISO week
    digests = [m for m in to(address) if "week" in m.subject]
    assert len(digests) == 1
    assert officer().display_name in digests[0].body
    assert "Due in the next two weeks" in digests[0].body
    with freeze_time(monday + timedelta(days=7)):
        digests_send()
    digests = [m for m in to(address) if "week" in m.subject]
    assert len(digests) == 2
    assert "Overdue" in digests[1].body


@override_settings(CRYSTAL_REMINDER_HOUR=7)
def test_the_scheduled_job_waits_for_the_morning(force):
    due = officer_assignment().due_on
    day = due - timedelta(days=2)
    with freeze_time(datetime(day.year, day.month, day.day, 5, 0)):
        assert send_reminders() == {"skipped": "before CRYSTAL_REMINDER_HOUR"}
    assert mail.outbox == []
    with freeze_time(datetime(day.year, day.month, day.day, 8, 0)):
        result = send_reminders()
    assert result["due_soon"] >= 1
