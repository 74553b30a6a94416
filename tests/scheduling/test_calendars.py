"""Calendars: ICS attachments and feeds that parse back with icalendar."""

from __future__ import annotations

import re

from django.core import mail
from icalendar import Calendar

from crystal_learning.people.models import Person
from crystal_learning.scheduling.models import Booking, CalendarFeed
from crystal_learning.scheduling.services import booking_cancel, booking_create
from tests.helpers import sign_in
from tests.scheduling.factories import briefing
from tests.scheduling.helpers import sergeants


def events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def feed_url(client) -> str:
    html = client.get("/my-training/").text
    return re.search(
        r'class="crystal-feed-url[^"]*">http://testserver([^<]+)<', html
    ).group(1)


def test_booking_sends_an_email_with_a_calendar_event(
    force, django_capture_on_commit_callbacks
):
    session = briefing(capacity=1)
    first, second = sergeants(2)
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(session=session, person=first)
        booking_create(session=session, person=second)  # waitlisted: no e-mail
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Booked: Op Crystal supervisor briefing")
    name, body, mimetype = message.attachments[0]
    assert name == "session.ics" and mimetype.startswith("text/calendar")
    [event] = events(body)
    assert str(event["summary"]) == "Op Crystal supervisor briefing"
    assert event.decoded("dtstart").date() == session.date
    assert event.decoded("dtstart").hour == 10
    assert str(event["location"]) == "HQ, room 2"

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=Booking.objects.get(person=first))
    subjects = [m.subject for m in mail.outbox]
    assert any(s.startswith("Cancelled:") for s in subjects)
    # The promoted person is told too.
    assert sum(s.startswith("Booked:") for s in subjects) == 2
    cancel = next(m for m in mail.outbox if m.subject.startswith("Cancelled:"))
    [event] = events(cancel.attachments[0][1])
    assert str(event["status"]) == "CANCELLED"


def test_the_personal_feed_needs_only_its_token_and_can_be_revoked(client, force):
    sergeant = Person.objects.get(user__username="sergeant")
    booking_create(session=briefing(), person=sergeant)
    sign_in(client, "sergeant")
    client.post("/calendar/create/")
    url = feed_url(client)
    client.logout()
    response = client.get(url)  # a calendar app: not signed in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [event] = events(response.content)
    assert str(event["summary"]) == "Op Crystal supervisor briefing"

    sign_in(client, "sergeant")
    client.post("/calendar/revoke/")
    new_url = feed_url(client)
    client.logout()
    assert new_url != url
    assert client.get(url).status_code == 404
    assert client.get(new_url).status_code == 200
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_the_calendar_link_is_made_by_a_post_not_by_showing_the_page(client, force):
    sergeant = Person.objects.get(user__username="sergeant")
    sign_in(client, "sergeant")
    page = client.get("/my-training/").text
    assert "Create my calendar link" in page
    assert 'action="/calendar/create/"' in page
    assert "crystal-feed-url" not in page
    assert not CalendarFeed.objects.filter(person=sergeant).exists()
    assert client.get("/calendar/create/").status_code == 405
    assert not CalendarFeed.objects.filter(person=sergeant).exists()

    made = client.post("/calendar/create/", follow=True)
    assert "Your calendar address is ready." in made.text
    url = feed_url(client)
    assert "Create my calendar link" not in client.get("/my-training/").text
    client.post("/calendar/create/")  # again (a double click): the same address
    assert feed_url(client) == url
    assert CalendarFeed.objects.filter(person=sergeant).count() == 1


def test_revoking_needs_post(client, force):
    sign_in(client, "sergeant")
    client.post("/calendar/create/")
    url = feed_url(client)
    assert client.get("/calendar/revoke/").status_code == 405
    assert feed_url(client) == url


def test_the_session_feed_is_for_managers_and_trainers(client, force):
    session = briefing()
    url = f"/calendar/sessions/{session.uuid}.ics"
    sign_in(client, "officer")
    assert client.get(url).status_code == 404
    client.logout()
    sign_in(client, "manager")
    response = client.get(url)
    assert response.status_code == 200
    [event] = events(response.content)
    assert event.decoded("dtend").hour == 12
