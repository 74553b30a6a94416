"""Wagtail admin for training managers: compliance by team and month, and the
import of the crime recording system's extract (upload, stored preview, apply).

The preview page only reads what the check stored: reloading it never checks
the file again, and applying is a POST that works once.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from crystal_learning.people.roles import TRAINING_MANAGER, has_role

from .import_jobs import victim_care_import_start_apply, victim_care_import_upload
from .models import BOX_LABELS, BOXES, VictimCareImport
from .selectors import latest_compliance_month, month_start, team_figures

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALREADY = gettext_lazy(
    "This file has already been applied or could not be; nothing was "
    "written. Upload it again."
)


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
        "rows", "preview", "pending"
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
    record = get_object_or_404(VictimCareImport.objects.defer("rows", "pending"), pk=pk)
    stored = record.preview or {}
    if record.running:
        return TemplateResponse(
            request,
            "crystal_victim_care/admin/progress.html",
            {"record": record, "page_title": _("Victim care import")},
        )
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
@require_http_methods(["GET"])
def status(request, pk: int):
    """The job's progress, for the progress page's script (the HR import's)."""
    record = get_object_or_404(
        VictimCareImport.objects.only("status", "rows_done", "rows_total"), pk=pk
    )
    return JsonResponse(
        {
            "status": record.status,
            "running": record.running,
            "rows_done": record.rows_done,
            "rows_total": record.rows_total,
        }
    )


@training_manager_only
@require_POST
def apply(request, pk: int):
    record = get_object_or_404(VictimCareImport.objects.defer("rows", "pending"), pk=pk)
    if not victim_care_import_start_apply(victim_care_import=record, by=request.user):
        messages.error(request, str(ALREADY))
        return redirect("crystal_victim_care_admin:preview", pk=record.pk)
    record.refresh_from_db(fields=["status", "summary"])
    if record.status != VictimCareImport.Status.APPLIED:
        # Applying in the background, or an officer was deleted meanwhile: the
        # preview page shows the progress, then what happened.
        return redirect("crystal_victim_care_admin:preview", pk=record.pk)
    counts = record.summary["counts"]
    messages.success(
        request,
        ngettext(
            "Imported %(rows)s record: %(new)s new, %(replaced)s replaced.",
            "Imported %(rows)s records: %(new)s new, %(replaced)s replaced.",
            counts["rows"],
        )
        % counts,
    )
    return redirect("crystal_victim_care_admin:index")
