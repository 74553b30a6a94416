"""A session's bookings: book a person, cancel, mark attendance (all POST)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from crystal_learning.people.models import Person

from .models import Booking, TrainingSession
from .services import (
    BookingNeedsConfirmation,
    BookingRefused,
    attendance_mark,
    booking_cancel,
    booking_create,
    may_mark_attendance,
    places_taken,
)


class BookingActionForm(forms.Form):
    """What the page's buttons post; anything else is refused with a message."""

    action = forms.ChoiceField(
        label=_lazy("Action"),
        choices=[(a, a) for a in ("book", "cancel", "attended", "no_show")],
        error_messages={"invalid_choice": _lazy("Unknown action.")},
    )
    staff_number = forms.CharField(
        label=_lazy("Staff number"), max_length=20, required=False
    )
    booking = forms.IntegerField(
        label=_lazy("Booking"),
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        error_messages={
            key: _lazy("Choose a booking from the list.")
            for key in ("invalid", "min_value", "max_value")
        },
    )
    #: "Book anyway": the manager confirmed a booking the requirement does not
    #: apply to.
    confirm = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        booking_missing = "booking" not in self.errors and data.get("booking") is None
        if action == "book" and not (data.get("staff_number") or "").strip():
            self.add_error("staff_number", _("Enter a staff number."))
        elif action not in (None, "book") and booking_missing:
            self.add_error("booking", _("Choose a booking from the list."))
        return data

    def problems(self) -> list[str]:
        """Each error, with the field it is about."""
        return [
            f"{self.fields[name].label}: {error}" if name in self.fields else error
            for name, errors in self.errors.items()
            for error in errors
        ]


def session_bookings(request, pk: int):
    session = get_object_or_404(
        TrainingSession.objects.select_related("requirement", "trainer"), pk=pk
    )
    manages = request.user.has_perm("crystal_scheduling.change_trainingsession")
    marks = may_mark_attendance(user=request.user, session=session)
    if not (manages or marks):
        raise PermissionDenied
    if request.method == "POST":
        form = BookingActionForm(request.POST)
        if not form.is_valid():
            for problem in form.problems():
                messages.error(request, problem)
            return _bookings_page(request, session, manages=manages, status=400)
        try:
            _booking_action(request, session, form.cleaned_data, manages=manages)
        except BookingNeedsConfirmation as question:
            return _bookings_page(
                request,
                session,
                manages=manages,
                question={
                    "reason": str(question),
                    "staff_number": form.cleaned_data["staff_number"].strip().upper(),
                },
            )
        except BookingRefused as refusal:
            # Nothing changed: say why, on the page, with a 4xx answer.
            messages.error(request, str(refusal))
            return _bookings_page(request, session, manages=manages, status=409)
        return redirect("training_sessions:bookings", session.pk)
    return _bookings_page(request, session, manages=manages)


def _booking_action(request, session, data: dict, *, manages: bool) -> None:
    action = data["action"]
    if action in ("book", "cancel") and not manages:
        raise PermissionDenied
    if action == "book":
        number = data["staff_number"].strip().upper()
        person = Person.objects.filter(staff_number__iexact=number).first()
        if person is None:
            raise BookingRefused(_("No one has staff number %s.") % number)
        booking = booking_create(
            session=session,
            person=person,
            by=request.user,
            confirmed=data.get("confirm", False),
        )
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {"name": person.display_name, "status": booking.get_status_display()},
        )
        return
    booking = Booking.objects.filter(pk=data["booking"], session=session).first()
    if booking is None:
        raise Http404("No such booking on this session.")
    if action == "cancel":
        promoted = booking_cancel(booking=booking, by=request.user)
        messages.success(request, _("Booking cancelled."))
        if promoted is not None:
            messages.info(
                request,
                _("%(name)s was promoted from the waitlist.")
                % {"name": promoted.person.display_name},
            )
    else:
        attendance_mark(booking=booking, attended=action == "attended", by=request.user)
        messages.success(request, _("Attendance saved."))


def _bookings_page(
    request, session, *, manages: bool, status: int = 200, question=None
):
    """The page; `question` asks the manager to confirm a booking ("Book
    anyway") that the session's requirement does not apply to."""
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
            "started": session.has_started(),
            "question": question,
        },
        status=status,
    )
