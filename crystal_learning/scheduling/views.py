"""Calendar feeds: a person's (tokenised, no sign-in) and a session's (signed in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .calendars import person_feed_ics, session_feed_ics
from .models import CalendarFeed, TrainingSession
from .services import calendar_feed_create, calendar_feed_revoke, may_mark_attendance


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_not_required
def person_feed(request, token: str):
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None or not feed.person.active:
        raise Http404("No such calendar.")
    return _ics(person_feed_ics(feed.person), "training")


def session_feed(request, session_uuid):
    session = get_object_or_404(
        TrainingSession.objects.select_related("trainer"), uuid=session_uuid
    )
    if not (
        request.user.has_perm("crystal_scheduling.view_trainingsession")
        or may_mark_attendance(user=request.user, session=session)
    ):
        raise Http404("No such session.")
    return _ics(session_feed_ics(session), f"session-{session.date}")


@require_POST
def calendar_create(request):
    """The person asks for their private calendar address (a GET only shows it)."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    calendar_feed_create(person=person)
    messages.success(
        request,
        _("Your calendar address is ready. Subscribe to it in your calendar app."),
    )
    return redirect("crystal_programmes:my_training")


@require_POST
def calendar_revoke(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    calendar_feed_revoke(person=person)
    messages.success(
        request,
        _(
            "Your calendar has a new address. Update it in your calendar app; the "
            "old address no longer works."
        ),
    )
    return redirect("crystal_programmes:my_training")
