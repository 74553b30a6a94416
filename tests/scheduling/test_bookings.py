"""Sessions and bookings: capacity, waitlist promotion, history, attendance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Assignment
from crystal_learning.scheduling.models import Booking, TrainingSession
from crystal_learning.scheduling.services import (
    BookingRefused,
    attendance_mark,
    booking_cancel,
    booking_create,
)
from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.vocabulary import Verb
from tests.helpers import sign_in
from tests.programmes.helpers import complete_everything
from tests.scheduling.factories import briefing
from tests.scheduling.helpers import sergeants


def test_a_full_session_waitlists_and_a_cancellation_promotes_the_next(force):
    session = briefing(capacity=2)
    a, b, c, d = sergeants(4)
    assert booking_create(session=session, person=a).status == "booked"
    assert booking_create(session=session, person=b).status == "booked"
    third = booking_create(session=session, person=c)
    fourth = booking_create(session=session, person=d)
    assert third.status == fourth.status == "waitlisted"
    assert (
        booking_create(session=session, person=a).pk == Booking.objects.get(person=a).pk
    )  # booking again changes nothing

    promoted = booking_cancel(booking=Booking.objects.get(person=a))
    assert promoted.pk == third.pk
    third.refresh_from_db()
    assert third.status == "booked"
    assert [e.status for e in third.events.all()] == [
        "requested",
        "waitlisted",
        "booked",
    ]
    assert third.events.last().note == "promoted from the waitlist"
    fourth.refresh_from_db()
    assert fourth.status == "waitlisted"
    # Cancelling from the waitlist promotes nobody.
    assert booking_cancel(booking=fourth) is None
    with pytest.raises(BookingRefused):
        booking_cancel(booking=fourth)
    assert Statement.objects.filter(verb_id=Verb.REGISTERED).count() == 3


def test_booking_refusals_are_explained(force):
    session = briefing()
    officer = Person.objects.get(user__username="officer")
    with pytest.raises(BookingRefused, match="not in this session's audience"):
        booking_create(session=session, person=officer)
    past = briefing(on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(BookingRefused, match="already taken place"):
        booking_create(session=past, person=sergeants(1)[0])
    session.cancelled = True
    session.save()
    with pytest.raises(BookingRefused, match="cancelled"):
        booking_create(session=session, person=sergeants(1)[0])
    assert not Booking.objects.exists()


def test_attendance_meets_the_briefing_and_completes_the_programme(client, force):
    sergeant = Person.objects.get(user__username="sergeant")
    complete_everything(sergeant)
    assignment = Assignment.objects.get(
        person=sergeant, programme__name="Op Crystal core"
    )
    assert assignment.completed_at is None  # the briefing is still to do
    session = briefing()
    booking = booking_create(session=session, person=sergeant)

    sign_in(client, "sergeant")
    html = client.get("/my-training/").text
    assert "Next session:" in html and "HQ, room 2" in html
    assert "Booked: " in html

    with pytest.raises(BookingRefused, match="once the session has started"):
        attendance_mark(booking=booking, attended=True)
    with freeze_time(session.starts_at):
        attendance_mark(booking=booking, attended=True)
    booking.refresh_from_db()
    assert booking.status == "attended"
    progress = Progress.objects.get(
        person=sergeant, activity_id=session.requirement.activity_id
    )
    assert progress.status == "completed"
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    with pytest.raises(BookingRefused):
        attendance_mark(booking=booking, attended=False)


def test_managers_book_and_mark_in_the_admin(client, force):
    session = briefing(capacity=1, on=timezone.localdate())
    first, second = sergeants(2)
    url = f"/admin/training_sessions/{session.pk}/bookings/"
    sign_in(client, "manager")
    client.post(url, {"action": "book", "staff_number": first.staff_number})
    client.post(url, {"action": "book", "staff_number": second.staff_number})
    page = client.get(url).text
    assert "1 of 1 places taken." in page
    assert second.display_name in page  # on the waitlist
    response = client.post(url, {"action": "book", "staff_number": "NOPE"}, follow=True)
    assert "No one has staff number NOPE." in response.text
    booked = Booking.objects.get(person=first)
    response = client.post(url, {"action": "cancel", "booking": booked.pk}, follow=True)
    assert f"{second.display_name} was promoted from the waitlist." in response.text
    promoted = Booking.objects.get(person=second)
    with freeze_time(session.starts_at):  # attendance once it has started
        client.post(url, {"action": "attended", "booking": promoted.pk})
    promoted.refresh_from_db()
    assert promoted.status == "attended"


def test_officers_cannot_open_or_change_bookings(client, force):
    session = briefing()
    url = f"/admin/training_sessions/{session.pk}/bookings/"
    sign_in(client, "officer")
    assert client.get(url).status_code in (302, 403)
    response = client.post(
        url, {"action": "book", "staff_number": sergeants(1)[0].staff_number}
    )
    assert response.status_code in (302, 403)
    assert not Booking.objects.exists()


def test_a_session_cannot_end_before_it_starts(client, force):
    sign_in(client, "manager")
    response = client.post(
        "/admin/training_sessions/new/",
        {
            "kind": "briefing",
            "title": "Backwards",
            "requirement": "",
            "date": "2026-12-10",
            "start": "12:00",
            "end": "10:00",
            "venue": "HQ",
            "capacity": "10",
            "trainer": "",
            "audience_team": "",
        },
    )
    assert "The session ends before it starts." in response.text
    assert not TrainingSession.objects.filter(title="Backwards").exists()
