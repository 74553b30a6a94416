"""Reminders in the recipient's language (issue 18.16): a learner who chose
Cymraeg is reminded in Welsh, their supervisor's copy is in English."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from freezegun import freeze_time

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Assignment
from crystal_learning.programmes.reminders import reminders_send


def to(person: Person) -> list:
    return [m for m in mail.outbox if m.to == [person.email or person.user.email]]


def test_a_learner_who_chose_cymraeg_is_reminded_in_welsh(force):
    Person.objects.update(reminders_off_duty=True)
    officer = Person.objects.get(user__username="officer")
    officer.language = "cy"
    officer.save(update_fields=["language"])
    sergeant = Person.objects.get(user__username="sergeant")
    due = Assignment.objects.get(person=officer).due_on

    with freeze_time(due - timedelta(days=3)):
        reminders_send()
    [soon] = to(officer)
    assert soon.subject.startswith("Hyfforddiant i’w gwblhau erbyn ")
    assert soon.subject.endswith(": Op Crystal core")
    assert f"Annwyl {officer.display_name}," in soon.body
    assert "Parhau o’r man lle gwnaethoch stopio:" in soon.body
    assert "Dear" not in soon.body and "Training due" not in soon.subject
    html, _kind = soon.alternatives[0]
    assert '<html lang="cy">' in html and "Annwyl" in html

    mail.outbox.clear()
    with freeze_time(due + timedelta(days=1)):
        reminders_send()
    [overdue] = to(officer)
    assert overdue.subject == "Yn hwyr: Op Crystal core"
    assert "Annwyl" in overdue.body
    [copy] = [m for m in to(sergeant) if officer.display_name in m.subject]
    assert copy.subject.startswith("Overdue in your team: ")
    assert "Dear" in copy.body and "Annwyl" not in copy.body


def test_a_learner_who_chose_nothing_is_reminded_in_english(force):
    Person.objects.update(reminders_off_duty=True)
    officer = Person.objects.get(user__username="officer")
    due = Assignment.objects.get(person=officer).due_on
    with freeze_time(due - timedelta(days=3)):
        reminders_send()
    [soon] = to(officer)
    month = f"{due:%B}"
    assert soon.subject == f"Training due by {due.day} {month}: Op Crystal core"
    assert f"Dear {officer.display_name}," in soon.body
    assert '<html lang="en-gb">' in soon.alternatives[0][0]
