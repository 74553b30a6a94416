"""Package modules: a cmi5, SCORM or Tin Can zip hosted as a page on a tile."""

from __future__ import annotations

import pathlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from crystal_learning.xapi.activities import (
    ActivityKind,
    ActivityRef,
    activity_iri,
    activity_ref,
    tile_iri,
)

from .manifests import ManifestInvalid, PackageStructure


class PackageModuleForm(WagtailAdminPageForm):
    """Checks the uploaded zip before anything is saved: a refusal is a field
    error and nothing is installed."""

    def clean(self):
        from .archive import PackageRefused
        from .services import package_install

        cleaned = super().clean()
        document = cleaned.get("package")
        page = self.instance
        if document is None or (
            document.pk == page.package_id and page.package_sha256 and page.structure
        ):
            return cleaned
        try:
            # Checked, then extracted into a temporary folder renamed into place:
            # a refusal at any step leaves nothing behind.
            package_install(page=page, document=document)
        except (PackageRefused, ManifestInvalid) as error:
            self.add_error("package", str(error))
        return cleaned


class PackageModulePage(Page):
    """A course made elsewhere (Storyline, Rise, Captivate...) uploaded as a zip."""

    summary = models.CharField(
        _("summary"),
        max_length=200,
        blank=True,
        help_text=_("One sentence shown on the tile's card for this module."),
    )
    package = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("package (.zip)"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "The zip exported for an LMS: cmi5, SCORM 1.2, SCORM 2004 or Tin Can. "
            "Its manifest (cmi5.xml, imsmanifest.xml or tincan.xml) must be at the "
            "root of the zip."
        ),
    )
    structure = models.JSONField(default=dict, blank=True, editable=False)
    package_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10
    )
    content_version = models.PositiveSmallIntegerField(
        _("content version"),
        default=1,
        help_text=_(
            "Raise it when the content changes enough that people should retake it. "
            "Uploading a corrected zip does not raise it by itself."
        ),
    )

    base_form_class = PackageModuleForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("package"), FieldPanel("estimated_minutes")],
            heading=_("Package"),
        ),
        FieldPanel("content_version"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["crystal_modules.TilePage"]
    subpage_types: list[str] = []
    template = "crystal_modules/package_module_page.html"

    class Meta:
        app_label = "crystal_modules"
        verbose_name = _("package module")
        verbose_name_plural = _("package modules")

    @property
    def package_structure(self) -> PackageStructure | None:
        return PackageStructure.from_json(self.structure) if self.structure else None

    def content_root(self) -> pathlib.Path:
        """Where the zip's files are extracted: one folder per package content."""
        return (
            pathlib.Path(settings.MEDIA_ROOT)
            / "packages"
            / str(self.translation_key)
            / self.package_sha256
        )

    @property
    def activity_id(self) -> str:
        return activity_iri(ActivityKind.PACKAGE, self.translation_key)

    def activity_ref(self, *, version: int | None = None) -> ActivityRef:
        """The package as the platform's statements name it: under its tile."""
        return activity_ref(
            ActivityKind.PACKAGE,
            self.translation_key,
            name=self.title,
            parents=(tile_iri(self.get_parent()),),
            version=version or self.content_version,
        )

    def get_context(self, request, *args, **kwargs):
        from .selectors import package_standing

        context = super().get_context(request, *args, **kwargs)
        person = getattr(request.user, "person", None)
        tracking = bool(
            self.pk and person and not getattr(request, "is_preview", False)
        )
        context["tracking"] = tracking
        context["structure"] = self.package_structure
        context["standing"] = package_standing(
            person=person if tracking else None, page=self
        )
        return context


class PackageLaunch(models.Model):
    """One launch of one unit of a package by one person (an attempt)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    page = models.ForeignKey(
        PackageModulePage, on_delete=models.CASCADE, related_name="launches"
    )
    person = models.ForeignKey(
        "crystal_people.Person",
        on_delete=models.CASCADE,
        related_name="package_launches",
    )
    unit_id = models.CharField(max_length=1000)
    kind = models.CharField(max_length=10)
    content_version = models.PositiveSmallIntegerField(default=1)
    registration = models.UUIDField()
    session_id = models.UUIDField(default=uuid.uuid4)
    mode = models.CharField(max_length=10, default="Normal")
    token_hash = models.CharField(max_length=64, unique=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    initialized_at = models.DateTimeField(null=True, blank=True)
    terminated_at = models.DateTimeField(null=True, blank=True)
    abandoned_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    passed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    satisfied_at = models.DateTimeField(null=True, blank=True)
    score_scaled = models.FloatField(null=True, blank=True)
    cmi = models.JSONField(default=dict, blank=True)

    class Meta:
        app_label = "crystal_modules"
        verbose_name = _("package launch")
        verbose_name_plural = _("package launches")
        indexes = [
            models.Index(fields=["person", "page"], name="crystal_pkg_launch_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} launched {self.unit_id} of {self.page_id}"


def unpacked_root(sha256: str) -> pathlib.Path:
    """Where the admin's package upload unpacks a zip (by its hash), for a
    package module page that chooses it to link its files from."""
    return pathlib.Path(settings.MEDIA_ROOT) / "packages" / "uploads" / sha256


class PackageUpload(models.Model):
    """A package zip uploaded on its own admin screen, checked and unpacked by a
    background job that reports its progress (issue 18.15)."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking and unpacking")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Refused")

    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    files_done = models.PositiveIntegerField(default=0)
    files_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "crystal_modules"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("package upload")
        verbose_name_plural = _("package uploads")

    def __str__(self) -> str:
        return self.filename

    @property
    def running(self) -> bool:
        return self.status == self.Status.CHECKING
