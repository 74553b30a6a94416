"""A session's bookings: book a person, cancel, mark attendance (all POST)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from crystal_learning.people.models import Person

from .models import Booking, TrainingSession
from .services import (
    BookingRefused,
    attendance_mark,
    booking_cancel,
    booking_create,
    may_mark_attendance,
    places_taken,
)


def session_bookings(request, pk: int):
    session = get_object_or_404(
        TrainingSession.objects.select_related("requirement", "trainer"), pk=pk
    )
    manages = request.user.has_perm("crystal_scheduling.change_trainingsession")
    marks = may_mark_attendance(user=request.user, session=session)
    if not (manages or marks):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "book":
                if not manages:
                    raise PermissionDenied
                number = request.POST.get("staff_number", "").strip().upper()
                person = Person.objects.filter(staff_number__iexact=number).first()
                if person is None:
                    raise BookingRefused(_("No one has staff number %s.") % number)
                booking = booking_create(
                    session=session, person=person, by=request.user
                )
                messages.success(
                    request,
                    _("%(name)s: %(status)s.")
                    % {
                        "name": person.display_name,
                        "status": booking.get_status_display(),
                    },
                )
            else:
                booking = get_object_or_404(
                    Booking, pk=request.POST.get("booking"), session=session
                )
                if action == "cancel":
                    if not manages:
                        raise PermissionDenied
                    promoted = booking_cancel(booking=booking, by=request.user)
                    messages.success(request, _("Booking cancelled."))
                    if promoted is not None:
                        messages.info(
                            request,
                            _("%(name)s was promoted from the waitlist.")
                            % {"name": promoted.person.display_name},
                        )
                elif action in ("attended", "no_show"):
                    attendance_mark(
                        booking=booking,
                        attended=action == "attended",
                        by=request.user,
                    )
                    messages.success(request, _("Attendance saved."))
                else:
                    messages.error(request, _("Unknown action."))
        except BookingRefused as refusal:
            messages.error(request, str(refusal))
        return redirect("training_sessions:bookings", session.pk)
    bookings = list(
        session.bookings.select_related("person__team")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    return TemplateResponse(
        request,
        "crystal_scheduling/admin/bookings.html",
        {
            "session": session,
            "booked": [b for b in bookings if b.status in Booking.HOLDS_PLACE],
            "waitlist": [b for b in bookings if b.status == Booking.Status.WAITLISTED],
            "cancelled": [b for b in bookings if b.status == Booking.Status.CANCELLED],
            "taken": places_taken(session),
            "manages": manages,
        },
    )
