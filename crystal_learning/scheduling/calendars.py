"""ICS calendars (icalendar): bookings as events; person and session feeds."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from crystal_learning import conf

from .models import Booking, TrainingSession

PRODID = "-//Crystal Learning//Op Crystal training//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(session: TrainingSession, *, uid: str, cancelled: bool = False) -> Event:
    tz = timezone.get_current_timezone()
    event = Event()
    event.add("uid", uid)
    event.add("summary", session.title)
    event.add(
        "dtstart", datetime.combine(session.date, session.start).replace(tzinfo=tz)
    )
    event.add("dtend", datetime.combine(session.date, session.end).replace(tzinfo=tz))
    event.add("dtstamp", timezone.now())
    event["location"] = vText(session.venue)
    event.add(
        "description",
        f"{session.get_kind_display()}. {conf.site_url().rstrip('/')}/my-training/",
    )
    if session.trainer_id and session.trainer.email:
        organizer = vCalAddress(f"mailto:{session.trainer.email}")
        organizer.params["cn"] = vText(session.trainer.display_name)
        event["organizer"] = organizer
    event.add("status", "CANCELLED" if cancelled or session.cancelled else "CONFIRMED")
    return event


def booking_uid(booking: Booking) -> str:
    return f"booking-{booking.uuid}@crystal-learning"


def booking_ics(booking: Booking, *, method: str = "PUBLISH") -> bytes:
    """One booking as a calendar file (the e-mail attachment)."""
    calendar = _calendar(booking.session.title)
    calendar.add("method", method)
    calendar.add_component(
        _event(
            booking.session,
            uid=booking_uid(booking),
            cancelled=booking.status == Booking.Status.CANCELLED,
        )
    )
    return calendar.to_ical()


def person_feed_ics(person) -> bytes:
    """Everything a person is booked on (and cancellations, so calendars update)."""
    calendar = _calendar(f"Training: {person.display_name}")
    bookings = (
        Booking.objects.filter(person=person)
        .exclude(status=Booking.Status.WAITLISTED)
        .exclude(status=Booking.Status.REQUESTED)
        .select_related("session__trainer")
        .order_by("session__date", "session__start")
    )
    for booking in bookings:
        calendar.add_component(
            _event(
                booking.session,
                uid=booking_uid(booking),
                cancelled=booking.status == Booking.Status.CANCELLED,
            )
        )
    return calendar.to_ical()


def session_feed_ics(session: TrainingSession) -> bytes:
    """The session itself, for trainers and venues."""
    calendar = _calendar(session.title)
    calendar.add_component(
        _event(session, uid=f"session-{session.uuid}@crystal-learning")
    )
    return calendar.to_ical()
