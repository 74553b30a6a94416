"""What My training says about a finished programme and a booked briefing
(issue 18.12)."""

from __future__ import annotations

from django.utils import dateformat, timezone

from crystal_learning.programmes.models import Assignment
from crystal_learning.scheduling.services import booking_create
from tests.helpers import sign_in
from tests.programmes.helpers import complete_everything, person
from tests.scheduling.factories import briefing

URL = "/my-training/"
WILL_BOOK = "your training manager will book you onto one"


def test_a_completed_programme_says_when_it_was_completed(client, force):
    officer = person("officer")
    sign_in(client, "officer")
    assignment = Assignment.objects.get(person=officer, ended_on__isnull=True)
    due = dateformat.format(assignment.due_on, "j F Y")
    assert f"Due by {due}." in client.get(URL).content.decode()
    complete_everything(officer)
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    text = client.get(URL).content.decode()
    done = dateformat.format(timezone.localtime(assignment.completed_at), "j F Y")
    assert f"Completed on {done}." in text
    assert "Due by" not in text


def test_a_booked_supervisor_is_told_the_booking_not_to_wait(client, force):
    sign_in(client, "sergeant")
    assert WILL_BOOK in client.get(URL).content.decode()
    session = briefing(capacity=5)
    booking_create(session=session, person=person("sergeant"))
    text = client.get(URL).content.decode()
    assert WILL_BOOK not in text
    day = dateformat.format(session.date, "l j F Y")
    assert (
        f"You are booked on Op Crystal supervisor briefing: {day}, 10:00 to 12:00, "
        "HQ, room 2."
    ) in text
