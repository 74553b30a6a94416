"""E-mail about bookings, each with the calendar event attached (ICS).

Sent after the booking commits (a mail server that is down never undoes a
booking); a failure is logged for the operators.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from crystal_learning import conf

from .calendars import booking_ics
from .models import Booking

logger = logging.getLogger(__name__)


def _send(booking_pk: int, template: str, subject: str) -> None:
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
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"crystal_scheduling/email/{template}.txt", context),
        to=[address],
    )
    message.attach_alternative(
        render_to_string(f"crystal_scheduling/email/{template}.html", context),
        "text/html",
    )
    method = "CANCEL" if booking.status == Booking.Status.CANCELLED else "REQUEST"
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
    if booking.status == Booking.Status.CANCELLED:
        template = "cancelled"
        subject = _("Cancelled: %(session)s") % {"session": booking.session}
    else:
        template = "booked"
        subject = _("Booked: %(session)s") % {"session": booking.session}
    transaction.on_commit(lambda: _send(booking.pk, template, subject))
