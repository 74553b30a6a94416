"""Booking e-mails in the person's language (issue 18.16): Welsh for someone
who chose Cymraeg, English otherwise, whatever language the booker reads."""

from __future__ import annotations

from django.core import mail
from django.utils import translation
from icalendar import Calendar

from crystal_learning.scheduling.models import Booking
from crystal_learning.scheduling.services import booking_cancel, booking_create
from tests.scheduling.factories import briefing
from tests.scheduling.helpers import sergeants


def events(body) -> list:
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def test_a_person_who_chose_cymraeg_is_booked_in_welsh(
    force, django_capture_on_commit_callbacks
):
    session = briefing(capacity=2)
    welsh, english = sergeants(2)
    welsh.language = "cy"
    welsh.save(update_fields=["language"])
    # Booked by someone reading the site in Welsh: the English reader still
    # gets English.
    with translation.override("cy"), django_capture_on_commit_callbacks(execute=True):
        booking_create(session=session, person=welsh)
        booking_create(session=session, person=english)
    [to_welsh] = [m for m in mail.outbox if m.to == [welsh.email]]
    [to_english] = [m for m in mail.outbox if m.to == [english.email]]

    assert to_welsh.subject.startswith("Wedi’i archebu: Op Crystal supervisor")
    assert f"Annwyl {welsh.display_name}," in to_welsh.body
    assert "Mae’r digwyddiad calendr ynghlwm." in to_welsh.body
    html, _kind = to_welsh.alternatives[0]
    assert "Annwyl" in html and "Dear" not in html
    assert "Booked" not in to_welsh.subject and "Dear" not in to_welsh.body

    assert to_english.subject.startswith("Booked: Op Crystal supervisor")
    assert f"Dear {english.display_name}," in to_english.body
    assert "The calendar event is attached." in to_english.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=Booking.objects.get(person=welsh))
    [cancelled] = [m for m in mail.outbox if m.to == [welsh.email]]
    assert cancelled.subject.startswith("Wedi’i ganslo: Op Crystal supervisor")
    [event] = events(cancelled.attachments[0][1])
    assert str(event["status"]) == "CANCELLED"
    # The calendar event's description too (the session's kind).
    assert str(event["description"]).startswith("Sesiwn friffio goruchwylwyr.")
