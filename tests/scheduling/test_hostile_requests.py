"""Made-up values in the planning screens get a clear message, never a server
error, and change nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from crystal_learning.scheduling.models import Booking, BookingEvent
from crystal_learning.scheduling.services import booking_create
from tests.helpers import sign_in
from tests.scheduling.factories import briefing
from tests.scheduling.helpers import sergeants

CALENDAR = "/admin/plans/calendar/"


@pytest.mark.parametrize(
    "month", ["9999-12", "0001-01", "0000-01", "10000-01", "2026-13", "garbage", ""]
)
def test_a_month_the_calendar_cannot_show_gets_this_month_and_a_message(
    client, force, month
):
    sign_in(client, "manager")
    response = client.get(CALENDAR, {"month": month})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is no calendar for" in page
    assert "choose a month between 1900-01 and 2999-12" in page
    assert f"{timezone.localdate():%B %Y}" in page


@pytest.mark.parametrize("month", ["1900-01", "2999-12", "2026-02"])
def test_the_first_and_last_months_show_without_a_message(client, force, month):
    sign_in(client, "manager")
    response = client.get(CALENDAR, {"month": month})
    assert response.status_code == 200
    assert "There is no calendar for" not in response.content.decode()


@pytest.fixture
def booked(force):
    session = briefing(capacity=3)
    booking = booking_create(session=session, person=sergeants(1)[0])
    return session, booking


def held(booking: Booking) -> tuple:
    booking.refresh_from_db()
    return booking.status, BookingEvent.objects.filter(booking=booking).count()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"action": "cancel", "booking": "abc"}, "Choose a booking from the list."),
        ({"action": "attended", "booking": ""}, "Choose a booking from the list."),
        ({"action": "no_show", "booking": "9" * 23}, "Choose a booking from the list."),
        (
            {"action": "cancel", "booking": "9" * 5000},
            "Choose a booking from the list.",
        ),
        ({"action": "cancel", "booking": "-1"}, "Choose a booking from the list."),
        ({"action": "explode", "booking": "abc"}, "Unknown action."),
        ({"booking": "1"}, "Action: This field is required."),
        ({"action": "book", "staff_number": "A\x00B"}, "Null characters are not"),
        ({"action": "book", "staff_number": "X" * 300}, "at most 20 characters"),
        ({"action": "book", "staff_number": "  "}, "Enter a staff number."),
    ],
    ids=lambda value: str(value)[:30],
)
def test_a_made_up_booking_or_action_is_refused_with_a_message(
    client, booked, data, message
):
    session, booking = booked
    before = held(booking)
    sign_in(client, "manager")
    response = client.post(f"/admin/training_sessions/{session.pk}/bookings/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert held(booking) == before
    assert Booking.objects.filter(session=session).count() == 1


def test_the_buttons_still_work(client, booked):
    session, booking = booked
    sign_in(client, "manager")
    url = f"/admin/training_sessions/{session.pk}/bookings/"
    response = client.post(url, {"action": "cancel", "booking": str(booking.pk)})
    assert response.status_code == 302
    assert held(booking)[0] == "cancelled"
    other = briefing()
    response = client.post(
        f"/admin/training_sessions/{other.pk}/bookings/",
        {"action": "cancel", "booking": str(booking.pk)},
    )
    assert response.status_code == 404  # not a booking of that session
