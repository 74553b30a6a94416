"""Filters for the dashboards: bad values are refused with a message, never
widened into someone else's data."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crystal_learning import conf
from crystal_learning.people.models import Team
from crystal_learning.people.selectors import areas
from crystal_learning.programmes.models import Programme

from .matrix import STATUS_CHOICES


class MatrixFilterForm(forms.Form):
    """The supervisor's filters; the choices are only their own teams."""

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    team = forms.TypedChoiceField(
        label=_("Team"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label=_("Show"), choices=STATUS_CHOICES, required=False)
    q = forms.CharField(label=_("Name or staff number"), max_length=80, required=False)

    def __init__(self, *args, programmes, teams: list[Team], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            pk__in=[p.pk for p in programmes]
        )
        self.fields["programme"].empty_label = None
        self.fields["team"].choices = [("", _("All my teams"))] + [
            (t.pk, t.name) for t in teams
        ]
        self.fields["team"].error_messages["invalid_choice"] = _(
            "You can only see the teams you supervise."
        )


class AreaFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=areas(),
        required=False,
        empty_label=_("All areas"),
    )


class CoverageFilterForm(AreaFilterForm):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=None,
    )
    field_order = ["programme", "area"]


class AbstractionFilterForm(AreaFilterForm):
    weeks_from = forms.DateField(
        label=_("Weeks from (the week of)"),
        required=False,
        help_text=_("For example 30/11/2026."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def clean_weeks_from(self):
        value = self.cleaned_data["weeks_from"]
        if value is None:
            return value
        today = timezone.localdate()
        limit = timedelta(days=conf.report_max_days())
        if not today - limit <= value <= today + limit:
            raise forms.ValidationError(
                _("Choose a week within %(days)s days of today.")
                % {"days": conf.report_max_days()}
            )
        return value
