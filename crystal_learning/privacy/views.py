"""The data protection screen in the Wagtail admin: export everything held
about a person, or erase them (administrators only; every use audited)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crystal_learning.audit import SUBJECT_ACCESS, audit

from .forms import ErasureForm, PersonLookupForm
from .selectors import subject_access_json
from .services import ErasureRefused, person_erase

#: Staff numbers from old HR files may hold line breaks or quotes, which would
#: break the download's header: only these characters go into the file name.
FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def may_handle_personal_data(user) -> bool:
    """Data protection requests are for administrators (superusers) only."""
    return user.is_active and user.is_superuser


def _check(request) -> None:
    if not may_handle_personal_data(request.user):
        raise PermissionDenied


def _page(request, *, lookup=None, erasure=None, status=200):
    return render(
        request,
        "crystal_privacy/personal_data.html",
        {
            "page_title": _("Personal data"),
            "lookup": lookup or PersonLookupForm(),
            "erasure": erasure or ErasureForm(),
        },
        status=status,
    )


def personal_data(request):
    """GET: the two forms; GET with a staff number: download the JSON export."""
    _check(request)
    if "staff_number" not in request.GET:
        return _page(request)
    form = PersonLookupForm(request.GET)
    if not form.is_valid():
        return _page(request, lookup=form, status=400)
    person = form.person
    response = HttpResponse(
        subject_access_json(person=person),
        content_type="application/json; charset=utf-8",
    )
    audit(person, SUBJECT_ACCESS, user=request.user, channel="admin")
    number = FILENAME_UNSAFE.sub("-", person.staff_number).strip("-") or "person"
    name = f"personal-data-{number}-{timezone.localdate():%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@require_POST
def erase(request):
    _check(request)
    form = ErasureForm(request.POST)
    if not form.is_valid():
        return _page(request, erasure=form, status=400)
    try:
        report = person_erase(
            person=form.person,
            by=request.user,
            allow_active=form.cleaned_data["even_if_active"],
        )
    except ErasureRefused as refused:
        form.add_error(None, str(refused))
        return _page(request, erasure=form, status=400)
    messages.success(
        request,
        _(
            "Erased. The record is now %(pseudonym)s: %(statements)s statements "
            "re-attributed, %(absences)s absences and %(lines)s HR import lines "
            "removed. Figures and coverage are unchanged."
        )
        % {
            "pseudonym": report.pseudonym,
            "statements": report.statements,
            "absences": report.absences,
            "lines": report.import_lines,
        },
    )
    return redirect("crystal_privacy_admin:personal_data")
