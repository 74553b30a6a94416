"""Forms for a supervisor's ring-back and dip sample (GOV.UK patterns: a date
as day, month and year; one radio group per record box)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import BOX_LABELS, BOXES, Judgement, VictimSaid

CRIME_REF_HINT = _(
    "As it is on the crime record, for example DC/12345/26. It is checked "
    "against your teams' records and never stored."
)


#: Any part of the date that is not a number in range: one plain message.
REAL = {
    key: _("The date must be a real date")
    for key in ("invalid", "min_value", "max_value")
}


class DateInputForm(forms.Form):
    """A date in three boxes (day, month, year), named by ``date_name``."""

    date_name = "on"
    date_label = _("Date")

    day = forms.IntegerField(
        label=_("Day"), min_value=1, max_value=31, required=False, error_messages=REAL
    )
    month = forms.IntegerField(
        label=_("Month"), min_value=1, max_value=12, required=False, error_messages=REAL
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        error_messages=REAL,
    )

    def date_parts(self):
        return [self["day"], self["month"], self["year"]]

    def clean(self):
        data = super().clean()
        names = ("day", "month", "year")
        parts = [data.get(name) for name in names]
        if any(self.has_error(name) for name in names):
            # One message for the date, however many parts are wrong.
            for name in names[1:]:
                self.errors.pop(name, None)
            if not self.has_error("day"):
                self.add_error("day", REAL["invalid"])
            return data
        if not any(parts):
            self.add_error("day", _("Enter the date"))
            return data
        if not all(parts):
            self.add_error("day", _("The date must include a day, month and year"))
            return data
        try:
            data[self.date_name] = date(parts[2], parts[1], parts[0])
        except ValueError:
            self.add_error("day", _("The date must be a real date"))
        return data


def today_initial() -> dict:
    today = timezone.localdate()
    return {"day": today.day, "month": today.month, "year": today.year}


class RingBackForm(DateInputForm):
    date_name = "made_on"
    crime_ref = forms.CharField(
        label=_("Crime reference"), max_length=40, help_text=CRIME_REF_HINT
    )
    victim_reached = forms.TypedChoiceField(
        label=_("Did you reach the victim?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you reached the victim")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything the victim asked for. Do not write their name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for box in BOXES:
            self.fields[box] = forms.ChoiceField(
                label=BOX_LABELS[box],
                choices=VictimSaid.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def box_fields(self):
        return [self[box] for box in BOXES]

    def clean(self):
        data = super().clean()
        if data.get("victim_reached"):
            for box in BOXES:
                data[box] = data.get(box) or VictimSaid.UNKNOWN
        return data


class DipSampleForm(DateInputForm):
    date_name = "sampled_on"
    crime_ref = forms.CharField(
        label=_("Crime reference"), max_length=40, help_text=CRIME_REF_HINT
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for box in BOXES:
            self.fields[box] = forms.ChoiceField(
                label=BOX_LABELS[box],
                choices=Judgement.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Say whether %(box)s was right or wrong")
                    % {"box": BOX_LABELS[box]}
                },
            )
            self.fields[f"{box}_note"] = forms.CharField(
                label=_("Note on %(box)s") % {"box": BOX_LABELS[box]},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def box_rows(self):
        return [(self[box], self[f"{box}_note"]) for box in BOXES]
