"""Writes for sessions and bookings: book (or waitlist), cancel (and promote the
next on the waitlist), mark attendance. Every status change is a BookingEvent.

The session row is locked while places are counted, so two people booking the
last place at once get one place and one waitlist position.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crystal_learning.people.models import Person
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.pipeline import statements_record

from .models import Booking, BookingEvent, CalendarFeed, TrainingSession
from .notifications import booking_notify
from .querysets import holds_place_q


class BookingRefused(Exception):
    """The booking change is not allowed; the message says why."""


class BookingNeedsConfirmation(BookingRefused):
    """The session's briefing requirement does not apply to the person: their
    attending would not count, so a manager books them only when they confirm."""


#: The note on a booking a published plan made (re-planning may move or cancel
#: those; a booking made by hand it only moves to a place it found).
BOOKED_BY_PLAN = "booked by plan"


def _event(booking: Booking, status: str, at: datetime, by=None, note="") -> None:
    BookingEvent.objects.create(booking=booking, status=status, at=at, by=by, note=note)


def _locked(session: TrainingSession) -> TrainingSession:
    return (
        # Lock the session row only (the requirement join is nullable).
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("requirement")
        .get(pk=session.pk)
    )


def places_taken(session: TrainingSession) -> int:
    """The places the session's bookings hold (querysets.holds_place_q)."""
    return session.bookings.filter(holds_place_q()).count()


def _booked(booking: Booking, now: datetime, by=None, note="") -> None:
    booking.status = Booking.Status.BOOKED
    booking.save(update_fields=["status"])
    _event(booking, Booking.Status.BOOKED, now, by, note)
    booking_notify(booking)
    statements_record(
        statements=[
            build.session_booked(
                staff_number=booking.person.staff_number,
                session=booking.session.activity_ref(),
                booking_id=str(booking.uuid),
                timestamp=now,
            )
        ]
    )


@transaction.atomic
def booking_create(
    *,
    session: TrainingSession,
    person: Person,
    by=None,
    now: datetime | None = None,
    note: str = "",
    confirmed: bool = False,
) -> Booking:
    """A place if there is one, else the end of the waitlist. Booking someone
    who already holds a booking on the session returns that booking.

    When the session's briefing requirement does not apply to the person (a
    constable on the supervisor briefing), nothing is booked unless the booking
    is `confirmed`; the booking's history then says so."""
    now = now or timezone.now()
    session = _locked(session)
    existing = (
        Booking.objects.filter(session=session, person=person)
        .exclude(status=Booking.Status.CANCELLED)
        .first()
    )
    if existing is not None:
        return existing
    if session.cancelled:
        raise BookingRefused(_("This session is cancelled."))
    if session.date < timezone.localdate():
        raise BookingRefused(_("This session has already taken place."))
    if not person.active:
        raise BookingRefused(
            _("%(person)s has left.") % {"person": person.display_name}
        )
    if not session.admits(person):
        raise BookingRefused(
            _("%(person)s is not in this session's audience.")
            % {"person": person.display_name}
        )
    outside = _outside_requirement(session, person)
    if outside and not confirmed:
        raise BookingNeedsConfirmation(outside)
    if outside:
        note = "; ".join(filter(None, [note, _OUTSIDE_NOTE]))
    booking = Booking.objects.create(
        session=session, person=person, status=Booking.Status.REQUESTED, created_at=now
    )
    _event(booking, Booking.Status.REQUESTED, now, by, note)
    if places_taken(session) < session.capacity:
        _booked(booking, now, by, note)
    else:
        booking.status = Booking.Status.WAITLISTED
        booking.save(update_fields=["status"])
        _event(booking, Booking.Status.WAITLISTED, now, by, "session full")
    return booking


_OUTSIDE_NOTE = "booked anyway: the briefing requirement does not apply to them"


def _outside_requirement(session: TrainingSession, person: Person) -> str:
    """Why attending would not count for this person, or "" when it would."""
    requirement = session.requirement
    if requirement is None or requirement.applies_to(person):
        return ""
    return _(
        "“%(requirement)s” does not apply to %(person)s (%(rank)s): attending "
        "will not count towards their training."
    ) % {
        "requirement": requirement.label,
        "person": person.display_name,
        "rank": person.get_rank_display(),
    }


@transaction.atomic
def booking_cancel(
    *, booking: Booking, by=None, now: datetime | None = None, note: str = ""
) -> Booking | None:
    """Cancel; if it held a place, the first on the waitlist is booked.
    Returns the promoted booking, if any."""
    now = now or timezone.now()
    session = _locked(booking.session)
    booking = Booking.objects.select_related("person").get(pk=booking.pk)
    if booking.status in Booking.FINAL:
        raise BookingRefused(
            _("This booking is already %(status)s.")
            % {"status": booking.get_status_display().lower()}
        )
    held_place = booking.status == Booking.Status.BOOKED
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    _event(booking, Booking.Status.CANCELLED, now, by, note)
    if held_place:
        booking_notify(booking)
    if not held_place or places_taken(session) >= session.capacity:
        return None
    promoted = (
        Booking.objects.filter(session=session, status=Booking.Status.WAITLISTED)
        .select_related("person", "session")
        .order_by("created_at", "pk")
        .first()
    )
    if promoted is not None:
        _booked(promoted, now, None, "promoted from the waitlist")
    return promoted


def may_mark_attendance(*, user, session: TrainingSession) -> bool:
    from crystal_learning.people.roles import TRAINING_MANAGER, has_role

    person = getattr(user, "person", None)
    return has_role(user, TRAINING_MANAGER) or (
        person is not None and session.trainer_id == person.pk
    )


@transaction.atomic
def attendance_mark(
    *, booking: Booking, attended: bool, by=None, now: datetime | None = None
) -> Booking:
    """Attended (records `session_attended`, which meets the briefing
    requirement) or did not attend. Only for booked places, once the session
    has started (its date and start time, local time)."""
    now = now or timezone.now()
    _locked(booking.session)
    booking = Booking.objects.select_related("person", "session__requirement").get(
        pk=booking.pk
    )
    if booking.status != Booking.Status.BOOKED:
        raise BookingRefused(
            _("Only a booked place can be marked; this one is %(status)s.")
            % {"status": booking.get_status_display().lower()}
        )
    session = booking.session
    if not session.has_started(now):
        raise BookingRefused(
            _(
                "Attendance can be marked once the session has started "
                "(%(start)s on %(date)s)."
            )
            % {
                "start": f"{session.start:%H:%M}",
                "date": date_format(session.date, "j F Y"),
            }
        )
    status = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
    booking.status = status
    booking.save(update_fields=["status"])
    _event(booking, status, now, by)
    if attended:
        statements_record(
            statements=[
                build.session_attended(
                    staff_number=booking.person.staff_number,
                    session=booking.session.activity_ref(),
                    booking_id=str(booking.uuid),
                    timestamp=now,
                )
            ],
            keep_existing=True,
        )
    return booking


@transaction.atomic
def calendar_feed_create(*, person: Person) -> CalendarFeed:
    """The person's private calendar address, made when they ask for it (a POST);
    the one they have when it exists already."""
    feed, _created = CalendarFeed.objects.get_or_create(
        person=person, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, person: Person) -> CalendarFeed:
    """A new address; the old one stops working at once."""
    feed = calendar_feed_create(person=person)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    return feed
