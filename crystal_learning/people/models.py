"""The force: teams (a tree), shift patterns, people, absences and their history."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node
from wagtail.admin.panels import FieldPanel

from .duty import DutyCode, code_list, parse_codes
from .language import language_choices


class ShiftPattern(models.Model):
    """A repeating cycle of duty codes, e.g. E,E,L,L,N,N,R,R,R,R."""

    class Kind(models.TextChoices):
        CYCLE = "cycle", _("Repeating cycle from an anchor date")
        WEEKDAY = "weekday", _("Weekly, Monday to Sunday")

    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.CYCLE)
    codes = models.CharField(
        _("duty codes"),
        max_length=400,
        help_text=_(
            "Comma-separated duty codes in order: E early, L late, N night, "
            "D weekday day shift, R rest day. A weekly pattern has seven codes, "
            "Monday first, e.g. D,D,D,D,D,R,R."
        ),
    )
    anchor_date = models.DateField(
        _("anchor date"),
        default=date(2024, 1, 1),
        help_text=_("The date on which the first code of the cycle falls (offset 0)."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("codes"),
        FieldPanel("anchor_date"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("shift pattern")
        verbose_name_plural = _("shift patterns")

    def __str__(self) -> str:
        return self.name

    @property
    def code_list(self) -> list[str]:
        return code_list(self.codes)

    def clean(self) -> None:
        try:
            codes = parse_codes(self.codes)
        except ValueError as error:
            raise ValidationError({"codes": str(error)}) from error
        if self.kind == self.Kind.WEEKDAY and len(codes) != 7:
            raise ValidationError(
                {
                    "codes": _(
                        "A weekly pattern has exactly seven codes, Monday to Sunday."
                    )
                }
            )
        self.codes = ",".join(codes)

    def code_on(self, day: date, offset: int = 0) -> str:
        """The duty code on `day` for a team starting the cycle `offset` days late."""
        codes = self.code_list
        if self.kind == self.Kind.WEEKDAY:
            return codes[day.weekday()]
        return codes[((day - self.anchor_date).days - offset) % len(codes)]


class Team(MP_Node):
    """A node of the force structure: force > area > team (> sub-team)."""

    class Kind(models.TextChoices):
        FORCE = "force", _("Force")
        AREA = "area", _("Area")
        RESPONSE = "response", _("Response")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        ROADS_POLICING = "roads_policing", _("Roads policing")
        CONTROL_ROOM = "control_room", _("Control room")
        CID_SAFEGUARDING = "cid_safeguarding", _("CID / safeguarding")
        STAFF = "staff", _("Police staff")

    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("The HR system's team code, e.g. N-RESP-A. Used by imports."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    shift_pattern = models.ForeignKey(
        ShiftPattern,
        verbose_name=_("shift pattern"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    shift_offset = models.PositiveSmallIntegerField(
        _("shift offset (days)"),
        default=0,
        help_text=_(
            "Days this team runs behind the pattern's anchor date, e.g. 0, 2, 4, 6, 8."
        ),
    )

    node_order_by = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("kind"),
        FieldPanel("shift_pattern"),
        FieldPanel("shift_offset"),
    ]

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name

    def duty_code_on(self, day: date) -> str | None:
        if self.shift_pattern is None:
            return None
        return self.shift_pattern.code_on(day, self.shift_offset)


class Person(models.Model):
    """Somebody who must be trained: an officer, PCSO or member of staff."""

    class Rank(models.TextChoices):
        CONSTABLE = "PC", _("Constable")
        SERGEANT = "PS", _("Sergeant")
        INSPECTOR = "INSP", _("Inspector")
        CHIEF_INSPECTOR = "CI", _("Chief Inspector")
        SUPERINTENDENT = "SUPT", _("Superintendent")
        CHIEF_SUPERINTENDENT = "CSUPT", _("Chief Superintendent")
        SPECIAL = "SC", _("Special Constable")
        PCSO = "PCSO", _("PCSO")
        STAFF = "STAFF", _("Police staff")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="person",
    )
    staff_number = models.CharField(
        _("staff number"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"\A[A-Za-z0-9][A-Za-z0-9-]*\Z",
                _("Use letters, digits and hyphens, starting with a letter or digit."),
            )
        ],
        help_text=_("Letters, digits and hyphens, e.g. D2001. Also the user name."),
    )
    display_name = models.CharField(_("display name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    rank = models.CharField(_("rank"), max_length=8, choices=Rank)
    role = models.CharField(
        _("role"),
        max_length=80,
        blank=True,
        help_text=_(
            "Job role from HR, e.g. Response officer, Call handler, Investigator."
        ),
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="members"
    )
    supervises = models.ManyToManyField(
        Team,
        verbose_name=_("supervises"),
        blank=True,
        related_name="supervisors",
        help_text=_("Teams this person supervises; their sub-teams are included."),
    )
    active = models.BooleanField(_("active"), default=True)
    shift_pattern = models.ForeignKey(
        ShiftPattern,
        verbose_name=_("own shift pattern"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_(
            "Empty: the team's pattern. Set: this person works this pattern "
            "instead, from the date below (a cycle's first code falls on it)."
        ),
    )
    shift_pattern_from = models.DateField(
        _("own shift pattern from"), null=True, blank=True
    )
    reminders_off_duty = models.BooleanField(
        _("reminders on rest days, leave and nights too"),
        default=False,
        help_text=_(
            "Off: reminders wait until the person is next on a day or early or "
            "late shift."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=language_choices,
        help_text=_(
            "The language of e-mails to this person and of the site when they "
            "sign in. Set by the Cymraeg / English switch; empty: the site's "
            "default (English)."
        ),
    )
    deactivated_on = models.DateField(_("deactivated on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("staff_number"),
        FieldPanel("display_name"),
        FieldPanel("email"),
        FieldPanel("rank"),
        FieldPanel("role"),
        FieldPanel("team"),
        FieldPanel("supervises"),
        FieldPanel("shift_pattern"),
        FieldPanel("shift_pattern_from"),
        FieldPanel("reminders_off_duty"),
        FieldPanel("language"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["team", "active"])]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.staff_number})"

    def clean(self) -> None:
        super().clean()
        if self.shift_pattern_id and not self.shift_pattern_from:
            raise ValidationError(
                {"shift_pattern_from": _("Give the date the own pattern starts.")}
            )


class Absence(models.Model):
    """Leave, sickness, a course, court or restricted duties. All but restricted
    duties take the person away from work (see `AT_WORK`)."""

    class Kind(models.TextChoices):
        LEAVE = "AL", _("Annual leave")
        SICKNESS = "SK", _("Sickness")
        COURSE = "CO", _("Course")
        COURT = "CT", _("Court")
        RESTRICTED = "RD", _("Restricted duties")

    #: Kinds that keep the person at work (on restricted duties they cannot be
    #: deployed but may train, and receive reminders).
    AT_WORK = frozenset({"RD"})

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="absences",
    )
    kind = models.CharField(_("kind"), max_length=2, choices=Kind)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(
        _("source"),
        max_length=20,
        default="manual",
        editable=False,
        help_text=_("Where the record came from: manual, hr or demo."),
    )

    panels = [
        FieldPanel("person"),
        FieldPanel("kind"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="crystal_absence_ends_after_start",
                violation_error_message=_(
                    "The last day cannot be before the first day."
                ),
            )
        ]
        indexes = [models.Index(fields=["person", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        return f"{self.person}: {kind} {self.starts_on} to {self.ends_on}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {
                    "ends_on": _(
                        "The last day (%(end)s) is before the first day (%(start)s)."
                    )
                    % {"end": self.ends_on, "start": self.starts_on}
                }
            )


class PersonEvent(models.Model):
    """Append-only history of a person: created, moved team, deactivated, ..."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        TEAM_CHANGED = "team_changed", _("Moved team")
        DEACTIVATED = "deactivated", _("Deactivated")
        REACTIVATED = "reactivated", _("Reactivated")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    people_import = models.ForeignKey(
        "PeopleImport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("person event")
        verbose_name_plural = _("person events")

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.at:%Y-%m-%d}"


class PeopleImport(models.Model):
    """One HR file as uploaded: previewed, then applied or abandoned."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        PREVIEWED = "previewed", _("Previewed")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    #: While a background job works on the file (the page shows its progress).
    RUNNING = (Status.CHECKING, Status.APPLYING)

    filename = models.CharField(_("file name"), max_length=200)
    csv_text = models.TextField(_("CSV content"))
    deactivate_missing = models.BooleanField(
        _("deactivate people missing from the file"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PREVIEWED
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    preview = models.JSONField(
        _("preview"),
        default=dict,
        blank=True,
        help_text=_("The stored dry run: counts, problems and the first rows."),
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


__all__ = [
    "Absence",
    "DutyCode",
    "PeopleImport",
    "Person",
    "PersonEvent",
    "ShiftPattern",
    "Team",
]
