"""Wagtail admin: upload an HR file, preview what it would do, then apply it.

The preview page only reads what the check stored: reloading it never runs
the import again. While a background job checks or applies a large file, the
page shows its progress (polled by a static script; the CSP allows no inline
script) and the status answers as JSON.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .csv_import import csv_text
from .import_records import people_import_start_apply, people_import_upload
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
        data = upload.read()
        try:
            csv_text(data)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        self.data_bytes = data
        return upload


can_import = permission_required(
    "crystal_people.add_peopleimport", raise_exception=True
)


@can_import
@require_http_methods(["GET", "POST"])
def upload(request):
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = people_import_upload(
            filename=form.cleaned_data["file"].name,
            data=form.data_bytes,
            deactivate_missing=form.cleaned_data["deactivate_missing"],
            by=request.user,
        )
        return redirect("crystal_people_admin:preview", pk=record.pk)
    recent = PeopleImport.objects.select_related("uploaded_by").defer(
        "csv_text", "preview", "summary"
    )[:10]
    return TemplateResponse(
        request,
        "crystal_people/import_upload.html",
        {"form": form, "recent": recent},
        status=400 if request.method == "POST" else 200,
    )


def _record(pk: int) -> PeopleImport:
    return get_object_or_404(PeopleImport.objects.defer("csv_text"), pk=pk)


@can_import
@require_http_methods(["GET"])
def preview(request, pk: int):
    record = _record(pk)
    if record.status in PeopleImport.RUNNING:
        return TemplateResponse(
            request, "crystal_people/import_progress.html", {"record": record}
        )
    stored = record.preview or {}
    return TemplateResponse(
        request,
        "crystal_people/import_preview.html",
        {
            "record": record,
            "report": stored,
            "rows": stored.get("rows", []),
            "can_apply": stored.get("ok")
            and record.status == PeopleImport.Status.PREVIEWED,
        },
    )


@can_import
@require_http_methods(["GET"])
def status(request, pk: int):
    record = _record(pk)
    return JsonResponse(
        {
            "status": record.status,
            "running": record.status in PeopleImport.RUNNING,
            "rows_done": record.rows_done,
            "rows_total": record.rows_total,
        }
    )


@can_import
@require_POST
def apply(request, pk: int):
    record = _record(pk)
    if record.status != PeopleImport.Status.PREVIEWED:
        messages.error(
            request,
            _("This file has already been applied or has failed; upload it again."),
        )
        return redirect("crystal_people_admin:preview", pk=record.pk)
    if not people_import_start_apply(people_import=record, by=request.user):
        messages.error(request, _("The import found problems and nothing was written."))
        return redirect("crystal_people_admin:preview", pk=record.pk)
    record.refresh_from_db()
    if record.status == PeopleImport.Status.APPLYING:
        return redirect("crystal_people_admin:preview", pk=record.pk)
    if record.status != PeopleImport.Status.APPLIED:
        messages.error(request, _("The import found problems and nothing was written."))
        return redirect("crystal_people_admin:preview", pk=record.pk)
    messages.success(
        request,
        _(
            "Imported %(rows)s rows: %(new)s new, %(updated)s updated, %(unchanged)s "
            "unchanged, "
            "%(deactivated)s deactivated."
        )
        % record.summary["counts"],
    )
    return redirect("crystal_people_admin:upload")
