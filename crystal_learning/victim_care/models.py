"""Victim care log outcomes (the seven record boxes), ring-backs and dip samples.

No victim details are stored: a record is known only by a keyed hash of its
crime reference (see ``crime_refs.py``). Whether a box counts as compliant is
decided in ``compliance.py`` alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from crystal_learning.people.models import Person, Team

# The seven record boxes of the victim care log, in the log's order.
BOXES: tuple[str, ...] = (
    "leaflet_given",
    "contact_details_left",
    "vna_completed",
    "contact_plan_agreed",
    "vps_offered",
    "right_to_review_given",
    "compensation_discussed",
)

BOX_LABELS: dict[str, str] = {
    "leaflet_given": _("Victim of crime leaflet"),
    "contact_details_left": _("Contact details left"),
    "vna_completed": _("Victim needs assessment"),
    "contact_plan_agreed": _("Contact plan"),
    "vps_offered": _("Victim Personal Statement"),
    "right_to_review_given": _("Right to review"),
    "compensation_discussed": _("Compensation"),
}


class Answer(models.TextChoices):
    YES = "Y", _("Yes")
    NO = "N", _("No")
    NOT_APPLICABLE = "NA", _("Not applicable")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def _box(label: str) -> models.CharField:
    return models.CharField(label, max_length=2, choices=Answer)


class VictimCareRecord(models.Model):
    """One crime's victim care log, as the crime recording system exported it."""

    crime_ref_hash = models.CharField(
        _("crime reference (keyed hash)"), max_length=64, unique=True, editable=False
    )
    recorded_on = models.DateField(_("recorded on"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("officer in the case"),
        on_delete=models.PROTECT,
        related_name="victim_care_records",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team at the time of recording"),
        on_delete=models.PROTECT,
        related_name="victim_care_records",
    )
    leaflet_given = _box(BOX_LABELS["leaflet_given"])
    contact_details_left = _box(BOX_LABELS["contact_details_left"])
    vna_completed = _box(BOX_LABELS["vna_completed"])
    contact_plan_agreed = _box(BOX_LABELS["contact_plan_agreed"])
    vps_offered = _box(BOX_LABELS["vps_offered"])
    right_to_review_given = _box(BOX_LABELS["right_to_review_given"])
    compensation_discussed = _box(BOX_LABELS["compensation_discussed"])
    rationale = models.TextField(_("rationale"), blank=True)
    case_status = models.CharField(
        _("case status"), max_length=6, choices=CaseStatus, default=CaseStatus.OPEN
    )
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-recorded_on", "pk"]
        verbose_name = _("victim care record")
        verbose_name_plural = _("victim care records")
        indexes = [models.Index(fields=["team", "recorded_on"])]

    def __str__(self) -> str:
        return f"{self.recorded_on} {self.crime_ref_hash[:10]}"

    def boxes(self) -> dict[str, str]:
        return {box: getattr(self, box) for box in BOXES}


class VictimSaid(models.TextChoices):
    DONE = "Y", _("Victim says done")
    NOT_DONE = "N", _("Victim says not done")
    UNKNOWN = "unknown", _("Unknown")


def _said(label: str) -> models.CharField:
    return models.CharField(
        label, max_length=7, choices=VictimSaid, default=VictimSaid.UNKNOWN
    )


class RingBack(models.Model):
    """A supervisor's seven-day call to the victim: what the victim says was done."""

    record = models.ForeignKey(
        VictimCareRecord,
        verbose_name=_("record"),
        on_delete=models.CASCADE,
        related_name="ring_backs",
    )
    supervisor = models.ForeignKey(
        Person,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="victim_care_ring_backs",
    )
    made_on = models.DateField(_("made on"))
    victim_reached = models.BooleanField(_("victim reached"), default=False)
    leaflet_given = _said(BOX_LABELS["leaflet_given"])
    contact_details_left = _said(BOX_LABELS["contact_details_left"])
    vna_completed = _said(BOX_LABELS["vna_completed"])
    contact_plan_agreed = _said(BOX_LABELS["contact_plan_agreed"])
    vps_offered = _said(BOX_LABELS["vps_offered"])
    right_to_review_given = _said(BOX_LABELS["right_to_review_given"])
    compensation_discussed = _said(BOX_LABELS["compensation_discussed"])
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "-pk"]
        verbose_name = _("ring-back")
        verbose_name_plural = _("ring-backs")

    def __str__(self) -> str:
        return f"Ring-back {self.made_on} ({self.record})"


class Judgement(models.TextChoices):
    RIGHT = "right", _("Right")
    WRONG = "wrong", _("Wrong")
    NOT_APPLICABLE = "na", _("Not applicable")


def _judged(label: str) -> models.CharField:
    return models.CharField(label, max_length=5, choices=Judgement)


def _judged_note(label: str) -> models.TextField:
    return models.TextField(label, blank=True)


class DipSample(models.Model):
    """A supervisor's check of a record's boxes against the crime record itself."""

    record = models.ForeignKey(
        VictimCareRecord,
        verbose_name=_("record"),
        on_delete=models.CASCADE,
        related_name="dip_samples",
    )
    supervisor = models.ForeignKey(
        Person,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="victim_care_dip_samples",
    )
    sampled_on = models.DateField(_("sampled on"))
    leaflet_given = _judged(BOX_LABELS["leaflet_given"])
    leaflet_given_note = _judged_note(_("leaflet note"))
    contact_details_left = _judged(BOX_LABELS["contact_details_left"])
    contact_details_left_note = _judged_note(_("contact details note"))
    vna_completed = _judged(BOX_LABELS["vna_completed"])
    vna_completed_note = _judged_note(_("needs assessment note"))
    contact_plan_agreed = _judged(BOX_LABELS["contact_plan_agreed"])
    contact_plan_agreed_note = _judged_note(_("contact plan note"))
    vps_offered = _judged(BOX_LABELS["vps_offered"])
    vps_offered_note = _judged_note(_("VPS note"))
    right_to_review_given = _judged(BOX_LABELS["right_to_review_given"])
    right_to_review_given_note = _judged_note(_("right to review note"))
    compensation_discussed = _judged(BOX_LABELS["compensation_discussed"])
    compensation_discussed_note = _judged_note(_("compensation note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        verbose_name = _("dip sample")
        verbose_name_plural = _("dip samples")

    def __str__(self) -> str:
        return f"Dip sample {self.sampled_on} ({self.record})"


class VictimCareImport(models.Model):
    """One uploaded extract: checked once, previewed from what was stored, applied
    once. It keeps the checked rows with their crime references already hashed:
    the file itself (with the raw references) is never stored."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        PREVIEWED = "previewed", _("Previewed")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PREVIEWED
    )
    rows = models.JSONField(
        _("checked rows"),
        default=list,
        blank=True,
        help_text=_("The rows as checked, crime references hashed."),
    )
    preview = models.JSONField(
        _("preview"),
        default=dict,
        blank=True,
        help_text=_("The stored check: counts, problems and the first rows."),
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    pending = models.JSONField(
        _("rows waiting to be checked"),
        default=list,
        blank=True,
        help_text=_(
            "The file's rows, crime references hashed, until the check has run."
        ),
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("victim care import")
        verbose_name_plural = _("victim care imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)
