"""The rules about bookings that every app shares, written once
(docs/decisions/0011).

- active: booked (a place is held) on a session that is not cancelled;
- upcoming (as of a day): active, on a session on or after that day;
- abstracting: takes the person off duty for training (booked or attended, on
  a session that is not cancelled): the abstraction load and the planner's
  "other training" count the same places.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q

BOOKED = "booked"  # Booking.Status.BOOKED (models imports this module)
ATTENDED = "attended"  # Booking.Status.ATTENDED


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
