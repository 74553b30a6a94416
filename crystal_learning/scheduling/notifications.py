"""E-mail about bookings, each with the calendar event attached (ICS).

Sent after the booking commits (a mail server that is down never undoes a
booking); a failure is logged for the operators. Written in the language the
person chose (`Person.language`, docs/welsh.md), whoever made the booking.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from crystal_learning import conf
from crystal_learning.people.language import in_person_language

from .calendars import booking_ics
from .models import Booking

logger = logging.getLogger(__name__)


#: Each e-mail's subject, translated when it is sent.
SUBJECTS = {
    "booked": _("Booked: %(session)s"),
    "cancelled": _("Cancelled: %(session)s"),
}


def _send(booking_pk: int, template: str) -> None:
    booking = Booking.objects.select_related("person__user", "session__trainer").get(
        pk=booking_pk
    )
    person = booking.person
    address = person.email or person.user.email
    if not address:
        return
    context = {
        "booking": booking,
        "session": booking.session,
        "person": person,
        "site_url": conf.site_url().rstrip("/"),
    }
    method = "CANCEL" if booking.status == Booking.Status.CANCELLED else "REQUEST"
    with in_person_language(person):
        message = EmailMultiAlternatives(
            subject=SUBJECTS[template] % {"session": booking.session},
            body=render_to_string(f"crystal_scheduling/email/{template}.txt", context),
            to=[address],
        )
        message.attach_alternative(
            render_to_string(f"crystal_scheduling/email/{template}.html", context),
            "text/html",
        )
        message.attach(
            "session.ics",
            booking_ics(booking, method=method),
            f"text/calendar; method={method}; charset=utf-8",
        )
    try:
        message.send()
    except Exception:  # the booking stands; operators see the failure
        logger.exception("Booking e-mail to %s failed", person.staff_number)


def booking_notify(booking: Booking) -> None:
    """After commit: 'you are booked' or 'your booking is cancelled'."""
    cancelled = booking.status == Booking.Status.CANCELLED
    template = "cancelled" if cancelled else "booked"
    transaction.on_commit(lambda: _send(booking.pk, template))
