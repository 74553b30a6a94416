"""Wagtail admin: upload an HR file, preview what it would do, then apply it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from crystal_learning.audit import HR_IMPORT, audit

from .hr_import import people_import_run
from .models import PeopleImport

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("HR file (CSV)"),
        help_text=gettext_lazy(
            "UTF-8 CSV with a header line. See the column reference."
        ),
    )
    deactivate_missing = forms.BooleanField(
        required=False,
        label=gettext_lazy("This is a full extract: deactivate people missing from it"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


can_import = permission_required(
    "crystal_people.add_peopleimport", raise_exception=True
)


@can_import
@require_http_methods(["GET", "POST"])
def upload(request):
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        record = PeopleImport.objects.create(
            filename=form.cleaned_data["file"].name[:200],
            csv_text=data.decode("utf-8", "replace"),
            deactivate_missing=form.cleaned_data["deactivate_missing"],
            uploaded_by=request.user,
        )
        return redirect("crystal_people_import:preview", pk=record.pk)
    recent = PeopleImport.objects.select_related("uploaded_by")[:10]
    return TemplateResponse(
        request, "crystal_people/import_upload.html", {"form": form, "recent": recent}
    )


@can_import
@require_http_methods(["GET"])
def preview(request, pk: int):
    record = get_object_or_404(PeopleImport, pk=pk)
    report = people_import_run(
        data=record.csv_text,
        dry_run=True,
        deactivate_missing=record.deactivate_missing,
        by=request.user,
    )
    return TemplateResponse(
        request,
        "crystal_people/import_preview.html",
        {
            "record": record,
            "report": report,
            "rows": report.rows[:500],
            "can_apply": report.ok and record.status == PeopleImport.Status.PREVIEWED,
        },
    )


@can_import
@require_POST
def apply(request, pk: int):
    record = get_object_or_404(PeopleImport, pk=pk)
    if record.status != PeopleImport.Status.PREVIEWED:
        messages.error(
            request,
            _("This file has already been applied or has failed; upload it again."),
        )
        return redirect("crystal_people_import:preview", pk=record.pk)
    report = people_import_run(
        data=record.csv_text,
        dry_run=False,
        deactivate_missing=record.deactivate_missing,
        by=request.user,
        people_import=record,
    )
    record.summary = {
        "counts": report.counts,
        "problems": [str(p) for p in report.problems],
    }
    if not report.ok:
        record.status = PeopleImport.Status.FAILED
        record.save(update_fields=["status", "summary"])
        messages.error(request, _("The import found problems and nothing was written."))
        return redirect("crystal_people_import:preview", pk=record.pk)
    record.status = PeopleImport.Status.APPLIED
    record.applied_at = timezone.now()
    record.save(update_fields=["status", "summary", "applied_at"])
    counts = report.counts
    audit(
        record,
        HR_IMPORT,
        user=request.user,
        counts=counts,
        deactivate_missing=record.deactivate_missing,
    )
    messages.success(
        request,
        _(
            "Imported %(rows)s rows: %(new)s new, %(updated)s updated, %(unchanged)s "
            "unchanged, "
            "%(deactivated)s deactivated."
        )
        % counts,
    )
    return redirect("crystal_people_import:upload")
