"""Wagtail admin: upload a package zip and follow its unpacking (issue 18.15).

The progress page polls the status JSON with the HR import's static script
(crystal_people/import-progress.js: the same data attribute and keys); when
the job is done the page shows what was installed and how to use it.
"""

from __future__ import annotations

import zipfile

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from .models import PackageUpload
from .uploads import package_upload_start


class PackageUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Package (.zip)"),
        help_text=gettext_lazy(
            "The zip exported for an LMS: cmi5, SCORM 1.2, SCORM 2004 or Tin Can."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not zipfile.is_zipfile(upload):
            raise forms.ValidationError(
                _(
                    "This file is not a zip archive. Upload the .zip your "
                    "authoring tool exported for an LMS."
                )
            )
        upload.seek(0)
        return upload


def user_may_upload(user) -> bool:
    """Those who may add documents (content editors)."""
    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_permission(user, "add")


def _may_upload(request) -> None:
    """Checked before any lookup: a made-up id is refused, not a 404."""
    if not user_may_upload(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def upload(request):
    _may_upload(request)
    form = PackageUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = package_upload_start(file=form.cleaned_data["file"], by=request.user)
        return redirect("crystal_modules_admin:upload_progress", pk=record.pk)
    recent = PackageUpload.objects.select_related("uploaded_by")[:10]
    return TemplateResponse(
        request,
        "crystal_modules/admin/package_upload.html",
        {"form": form, "recent": recent},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET"])
def progress(request, pk: int):
    _may_upload(request)
    record = get_object_or_404(PackageUpload.objects.select_related("document"), pk=pk)
    return TemplateResponse(
        request,
        "crystal_modules/admin/package_upload_progress.html",
        {"record": record},
    )


@require_http_methods(["GET"])
def status(request, pk: int):
    _may_upload(request)
    record = get_object_or_404(PackageUpload, pk=pk)
    return JsonResponse(
        {
            "status": record.status,
            "running": record.running,
            # The HR import's keys, so its progress script serves both.
            "rows_done": record.files_done,
            "rows_total": record.files_total,
            "files_done": record.files_done,
            "files_total": record.files_total,
            "error": record.error,
        }
    )
