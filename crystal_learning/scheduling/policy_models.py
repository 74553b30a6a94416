"""Abstraction policies: how many of a team may be away training, and the
fewest a team keeps on each shift (`ShiftMinimum`). The rules that read them
are in abstraction.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from crystal_learning.people.duty import DutyCode, code_list
from crystal_learning.people.models import Team

from .abstraction import (
    DEFAULT_ALLOW_REST_DAYS,
    DEFAULT_CAP_SHARE,
    DEFAULT_MIN_RELEASE,
    DEFAULT_TRAINING_DUTY_CODES_TEXT,
)

__all__ = ["AbstractionPolicy", "ShiftMinimum"]


class PolicyForm(WagtailAdminModelForm):
    """A shift's minimum once per day (or once for every day): said on the
    row, never a database error."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        seen = set()
        for form in self.formsets["shift_minimums"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            key = (data.get("duty_code"), data.get("weekday"))
            if key in seen:
                form.add_error(
                    "weekday", _("That shift already has a minimum for that day.")
                )
                valid = False
            seen.add(key)
        return valid


class AbstractionPolicy(ClusterableModel):
    """How many of a team may be away training: force-wide (no team) or for a
    team and the teams below it, the nearest one applying."""

    team = models.OneToOneField(
        Team,
        verbose_name=_("team (and the teams below it)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="abstraction_policy",
        help_text=_("Empty: the force-wide default."),
    )
    cap_share = models.DecimalField(
        _("largest share of on-duty strength in training"),
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_CAP_SHARE,
        help_text=_("0.10 means 10% of the people on duty that day."),
    )
    min_release = models.PositiveSmallIntegerField(
        _("always release at least"),
        default=DEFAULT_MIN_RELEASE,
        help_text=_("People, even when the share rounds down to fewer."),
    )
    min_staffing = models.PositiveSmallIntegerField(
        _("minimum staffing"),
        null=True,
        blank=True,
        help_text=_("Never take the team below this many on duty. Empty: none."),
    )
    training_duty_codes = models.CharField(
        _("duty codes that may be used for training"),
        max_length=100,
        default=DEFAULT_TRAINING_DUTY_CODES_TEXT,
        help_text=_("Comma-separated, e.g. E,L,D (earlies, lates, day shifts)."),
    )
    allow_rest_days = models.BooleanField(
        _("allow rest days"),
        default=DEFAULT_ALLOW_REST_DAYS,
        help_text=_(
            "Only with at least 15 days' notice, and counted as a cost (overtime "
            "or a moved rest day)."
        ),
    )

    base_form_class = PolicyForm
    panels = [
        FieldPanel("team"),
        FieldPanel("cap_share"),
        FieldPanel("min_release"),
        FieldPanel("min_staffing"),
        FieldPanel("training_duty_codes"),
        FieldPanel("allow_rest_days"),
        InlinePanel(
            "shift_minimums",
            heading=_("Minimum staffing per shift"),
            label=_("Shift minimum"),
        ),
    ]

    class Meta:
        verbose_name = _("abstraction policy")
        verbose_name_plural = _("abstraction policies")

    def __str__(self) -> str:
        return str(self.team) if self.team_id else str(_("Force-wide default"))

    @property
    def codes(self) -> list[str]:
        return code_list(self.training_duty_codes)

    def clean(self):
        super().clean()
        if not 0 <= float(self.cap_share) <= 1:
            raise ValidationError({"cap_share": _("Give a share from 0 to 1.")})
        if not self.codes:
            raise ValidationError(
                {"training_duty_codes": _("Give at least one duty code.")}
            )
        if "N" in self.codes:
            raise ValidationError(
                {"training_duty_codes": _("Night shifts cannot be used for training.")}
            )
        duplicate = AbstractionPolicy.objects.filter(team=self.team).exclude(pk=self.pk)
        if self.team_id is None and duplicate.exists():
            raise ValidationError(_("There is already a force-wide default."))


class ShiftMinimum(models.Model):
    """The fewest of a team on one shift (duty code), every day or on one day of
    the week: e.g. earlies 6, lates 7, nights 5, Saturday lates 8. The minimum
    for a weekday wins over the every-day one."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    policy = ParentalKey(
        AbstractionPolicy, on_delete=models.CASCADE, related_name="shift_minimums"
    )
    duty_code = models.CharField(
        _("shift"),
        max_length=1,
        choices=[(c.value, c.label) for c in DutyCode if c != DutyCode.REST],
    )
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"),
        null=True,
        blank=True,
        choices=Weekday,
        help_text=_("Empty: every day."),
    )
    minimum = models.PositiveSmallIntegerField(_("at least this many on the shift"))

    panels = [
        FieldRowPanel(
            [FieldPanel("duty_code"), FieldPanel("weekday"), FieldPanel("minimum")]
        )
    ]

    class Meta:
        ordering = ["duty_code", "weekday"]
        verbose_name = _("shift minimum")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "duty_code", "weekday"],
                name="crystal_shift_minimum_once",
                violation_error_message=_(
                    "That shift already has a minimum for that day."
                ),
            ),
            models.UniqueConstraint(
                fields=["policy", "duty_code"],
                condition=models.Q(weekday__isnull=True),
                name="crystal_shift_minimum_every_day_once",
                violation_error_message=_(
                    "That shift already has an every-day minimum."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duty_code}: {self.minimum}"
