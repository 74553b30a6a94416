"""A supervisor's ring-back and dip sample forms, reached from My teams.

Only supervisors, only their teams' officers' crimes: a reference that is not
one of theirs gets the same answer whether or not it exists elsewhere (403,
nothing stored), so the form cannot test references.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from crystal_learning.people.models import Person
from crystal_learning.people.selectors import supervised_team_ids

from .models import BOXES
from .supervision import dip_sample_record, ring_back_record
from .supervision_forms import DipSampleForm, RingBackForm, today_initial
from .supervision_selectors import record_for_supervisor

NOT_YOURS = gettext_lazy(
    "This is not one of your teams' crimes. Check the reference: you can only "
    "record checks for crimes of officers in the teams you supervise."
)
OWN = gettext_lazy(
    "This crime is yours, or of someone who supervises your team: another "
    "supervisor checks it."
)


def _supervisor(request: HttpRequest) -> tuple[Person, frozenset[int]]:
    team_ids = supervised_team_ids(user=request.user)
    person = getattr(request.user, "person", None)
    if not team_ids or person is None:
        raise PermissionDenied(_("You do not supervise a team."))
    return person, team_ids


def _render(request, template: str, form, status: int = 200) -> HttpResponse:
    return render(
        request,
        f"crystal_victim_care/{template}.html",
        {"form": form, "back": reverse("crystal_reports:my_teams")},
        status=status,
    )


def _record_or_error(request, form, supervisor, team_ids):
    """The record the typed reference names, or the form with the error."""
    lookup = record_for_supervisor(
        crime_ref=form.cleaned_data["crime_ref"],
        supervisor=supervisor,
        team_ids=team_ids,
    )
    if lookup.record is None:
        form.add_error("crime_ref", OWN if lookup.problem == "own" else NOT_YOURS)
    return lookup.record


def _saved(request, what: str, record) -> HttpResponse:
    messages.success(
        request,
        _("%(what)s recorded for %(name)s's crime recorded on %(day)s.")
        % {
            "what": what,
            "name": record.person.display_name,
            "day": f"{record.recorded_on:%-d %B %Y}",
        },
    )
    return redirect(reverse("crystal_reports:my_teams") + "#victim-care")


def _service_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@require_http_methods(["GET", "POST"])
def ring_back(request: HttpRequest) -> HttpResponse:
    """Record a seven-day ring-back: reached or not, what the victim says."""
    supervisor, team_ids = _supervisor(request)
    if request.method != "POST":
        return _render(request, "ring_back", RingBackForm(initial=today_initial()))
    form = RingBackForm(request.POST)
    if not form.is_valid():
        return _render(request, "ring_back", form, status=400)
    record = _record_or_error(request, form, supervisor, team_ids)
    if record is None:
        return _render(request, "ring_back", form, status=403)
    data = form.cleaned_data
    try:
        ring_back_record(
            supervisor=supervisor,
            record=record,
            made_on=data["made_on"],
            victim_reached=data["victim_reached"],
            said={box: data.get(box) for box in BOXES},
            note=data.get("note") or "",
        )
    except ValidationError as error:
        _service_errors(form, error)
        return _render(request, "ring_back", form, status=400)
    return _saved(request, _("Ring-back"), record)


@require_http_methods(["GET", "POST"])
def dip_sample(request: HttpRequest) -> HttpResponse:
    """Record a dip sample: each box of the log right or wrong, with a note."""
    supervisor, team_ids = _supervisor(request)
    if request.method != "POST":
        return _render(request, "dip_sample", DipSampleForm(initial=today_initial()))
    form = DipSampleForm(request.POST)
    if not form.is_valid():
        return _render(request, "dip_sample", form, status=400)
    record = _record_or_error(request, form, supervisor, team_ids)
    if record is None:
        return _render(request, "dip_sample", form, status=403)
    data = form.cleaned_data
    try:
        dip_sample_record(
            supervisor=supervisor,
            record=record,
            sampled_on=data["sampled_on"],
            judgements={box: data[box] for box in BOXES},
            notes={box: data.get(f"{box}_note") or "" for box in BOXES},
        )
    except ValidationError as error:
        _service_errors(form, error)
        return _render(request, "dip_sample", form, status=400)
    return _saved(request, _("Dip sample"), record)
