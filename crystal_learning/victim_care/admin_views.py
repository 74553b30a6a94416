"""Wagtail admin for training managers: compliance by team and month, and the
import of the crime recording system's extract (upload, stored preview, apply).

The preview page only reads what the check stored: reloading it never checks
the file again, and applying is a POST that works once.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from crystal_learning.people.roles import TRAINING_MANAGER, has_role

from .models import BOX_LABELS, BOXES, VictimCareImport
from .selectors import latest_compliance_month, month_start, team_figures
from .services import victim_care_import_apply, victim_care_import_upload

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def may_manage(user) -> bool:
    return has_role(user, TRAINING_MANAGER)


def training_manager_only(view):
    def wrapped(request, *args, **kwargs):
        if not may_manage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


class MonthForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m"],
        help_text=gettext_lazy("Year and month, for example 2026-10."),
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM"}),
    )

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        if month > timezone.localdate():
            raise forms.ValidationError(_("That month has not started."))
        return month


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Victim care extract (CSV)"),
        help_text=gettext_lazy("UTF-8 CSV with a header line. See the columns above."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        self.data_bytes = upload.read()
        return upload


@training_manager_only
@require_http_methods(["GET"])
def index(request):
    """Compliance by team for a month (the latest month with records by default)."""
    form = MonthForm(request.GET or None)
    status = 200
    if form.is_bound and form.is_valid():
        month = form.cleaned_data["month"]
    else:
        status = 400 if form.is_bound else 200
        today = timezone.localdate()
        month = latest_compliance_month(today) or month_start(today)
    rows, total = team_figures(month)
    return TemplateResponse(
        request,
        "crystal_victim_care/admin/index.html",
        {
            "form": form,
            "month": month,
            "rows": rows,
            "total": total,
            "boxes": [(box, BOX_LABELS[box]) for box in BOXES],
            "page_title": _("Victim care compliance"),
        },
        status=status,
    )


@training_manager_only
@require_http_methods(["GET", "POST"])
def upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = victim_care_import_upload(
            filename=form.cleaned_data["file"].name,
            data=form.data_bytes,
            by=request.user,
        )
        return redirect("crystal_victim_care_admin:preview", pk=record.pk)
    recent = VictimCareImport.objects.select_related("uploaded_by").defer(
        "rows", "preview"
    )[:10]
    return TemplateResponse(
        request,
        "crystal_victim_care/admin/upload.html",
        {"form": form, "recent": recent, "page_title": _("Import victim care records")},
        status=400 if request.method == "POST" else 200,
    )


@training_manager_only
@require_http_methods(["GET"])
def preview(request, pk: int):
    record = get_object_or_404(VictimCareImport.objects.defer("rows"), pk=pk)
    stored = record.preview or {}
    return TemplateResponse(
        request,
        "crystal_victim_care/admin/preview.html",
        {
            "record": record,
            "report": stored,
            "rows": stored.get("rows", []),
            "boxes": BOXES,
            "can_apply": stored.get("ok")
            and record.status == VictimCareImport.Status.PREVIEWED,
            "page_title": _("Victim care import preview"),
        },
    )


@training_manager_only
@require_POST
def apply(request, pk: int):
    record = get_object_or_404(VictimCareImport.objects.defer("rows"), pk=pk)
    counts = victim_care_import_apply(victim_care_import=record, by=request.user)
    if counts is None:
        messages.error(
            request,
            _(
                "This file has already been applied or could not be; nothing was "
                "written. Upload it again."
            ),
        )
        return redirect("crystal_victim_care_admin:preview", pk=record.pk)
    messages.success(
        request,
        _("Imported %(rows)s records: %(new)s new, %(replaced)s replaced.") % counts,
    )
    return redirect("crystal_victim_care_admin:index")
