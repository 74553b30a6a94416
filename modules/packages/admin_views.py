"""Waiving a cmi5 unit for a person (training managers): cmi5 9.3.7, the
unit's requirements met another way (tested out, an equivalent course...)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from crystal_learning.people.models import Person

from .cmi5_lms import WaiveRefused, unit_waive
from .cmi5_rules import WAIVE_REASONS
from .models import PackageModulePage

#: Who may waive: those who manage programmes (training managers).
PERMISSION = "crystal_programmes.change_programme"


def _unit_choices() -> list[tuple[str, str]]:
    """Every unit of every live cmi5 package, as "page id:unit index"."""
    choices = []
    for page in PackageModulePage.objects.live().order_by("path"):
        structure = page.package_structure
        if structure is None or structure.kind != "cmi5":
            continue
        for index, unit in enumerate(structure.units):
            choices.append((f"{page.pk}:{index}", f"{page.title}: {unit.title}"))
    return choices


class WaiverForm(forms.Form):
    unit = forms.ChoiceField(label=_lazy("Unit (cmi5 AU)"))
    staff_number = forms.CharField(label=_lazy("Staff number"), max_length=20)
    reason = forms.ChoiceField(
        label=_lazy("Reason"),
        choices=[(reason, reason) for reason in WAIVE_REASONS],
        help_text=_lazy("As cmi5 names them: recorded with the waiver."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "---------"), *_unit_choices()]

    def clean_staff_number(self) -> Person:
        number = self.cleaned_data["staff_number"].strip()
        person = Person.objects.filter(staff_number__iexact=number, active=True).first()
        if person is None:
            raise forms.ValidationError(
                _("No active person has staff number %(number)s.") % {"number": number}
            )
        return person

    def clean_unit(self) -> tuple[PackageModulePage, str]:
        page_id, _sep, index = self.cleaned_data["unit"].partition(":")
        page = PackageModulePage.objects.live().filter(pk=page_id).first()
        units = page.package_structure.units if page else ()
        if not index.isdigit() or int(index) >= len(units):
            raise forms.ValidationError(_("Choose a unit from the list."))
        return page, units[int(index)].id


def unit_waiver(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied(_("Only training managers waive package units."))
    form = WaiverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page, unit_id = form.cleaned_data["unit"]
        person = form.cleaned_data["staff_number"]
        try:
            unit_waive(
                page=page,
                person=person,
                unit_id=unit_id,
                reason=form.cleaned_data["reason"],
            )
        except WaiveRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("%(unit)s waived for %(person)s (%(reason)s).")
                % {
                    "unit": dict(form.fields["unit"].choices)[form.data["unit"]],
                    "person": person,
                    "reason": form.cleaned_data["reason"],
                },
            )
            return redirect("crystal_modules_admin:waive")
    return TemplateResponse(
        request,
        "crystal_modules/admin/waiver.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
