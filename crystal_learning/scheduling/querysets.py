"""The rules about bookings that every app shares, written once
(docs/decisions/0011).

- active: booked (a place is held) on a session that is not cancelled;
- upcoming (as of a day): active, on a session on or after that day;
- abstracting: takes the person off duty for training (booked or attended, on
  a session that is not cancelled): the abstraction load and the planner's
  "other training" count the same places;
- places taken on a session: bookings that hold a place (booked, attended or
  did not attend), as the listing, the calendar, the edit page, the admin home
  and the booking service count them.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q

BOOKED = "booked"  # Booking.Status.BOOKED (models imports this module)
ATTENDED = "attended"  # Booking.Status.ATTENDED
NO_SHOW = "no_show"  # Booking.Status.NO_SHOW
#: Statuses that hold a place on the session (Booking.HOLDS_PLACE).
HOLDS_PLACE = (BOOKED, ATTENDED, NO_SHOW)


def active_q(prefix: str = "") -> Q:
    """Booked on a session that is not cancelled."""
    return Q(**{f"{prefix}status": BOOKED, f"{prefix}session__cancelled": False})


def upcoming_q(as_of: date, prefix: str = "") -> Q:
    """Active, on a session on or after `as_of`."""
    return active_q(prefix) & Q(**{f"{prefix}session__date__gte": as_of})


def abstracting_q(prefix: str = "") -> Q:
    """Booked or attended, on a session that is not cancelled."""
    return Q(
        **{
            f"{prefix}status__in": (BOOKED, ATTENDED),
            f"{prefix}session__cancelled": False,
        }
    )


class BookingQuerySet(models.QuerySet):
    active_q = staticmethod(active_q)
    upcoming_q = staticmethod(upcoming_q)
    abstracting_q = staticmethod(abstracting_q)

    def active(self) -> BookingQuerySet:
        return self.filter(active_q())

    def upcoming(self, as_of: date) -> BookingQuerySet:
        return self.filter(upcoming_q(as_of))

    def abstracting(self) -> BookingQuerySet:
        return self.filter(abstracting_q())


def holds_place_q(prefix: str = "") -> Q:
    """A booking that holds a place on its session."""
    return Q(**{f"{prefix}status__in": HOLDS_PLACE})


class SessionQuerySet(models.QuerySet):
    def with_places_taken(self) -> SessionQuerySet:
        """Each session with `taken`: the places its bookings hold."""
        return self.annotate(
            taken=models.Count("bookings", filter=holds_place_q("bookings__"))
        )
