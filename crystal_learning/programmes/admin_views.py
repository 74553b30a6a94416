"""'Require retraining' for a programme requirement (training managers)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .models import Programme, Requirement
from .services import retraining_affected, retraining_require


class RetrainingForm(forms.Form):
    requirement = forms.ModelChoiceField(
        queryset=Requirement.objects.none(), label=_lazy("Module or quiz")
    )
    due_on = forms.DateField(
        label=_lazy("New due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_lazy("Everyone affected must complete the new version by then."),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = programme.requirements.exclude(
            kind=Requirement.Kind.BRIEFING
        ).select_related("module", "package", "quiz")
        self.fields["requirement"].label_from_instance = lambda r: (
            f"{r.label} (now version {r.current_version})"
        )

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The new due date is in the past."))
        return due_on


def retraining(request, pk: int):
    if not request.user.has_perm("crystal_programmes.change_programme"):
        raise PermissionDenied
    programme = get_object_or_404(Programme, pk=pk)
    weeks = programme.due_within_weeks or 4
    form = RetrainingForm(
        request.POST or None,
        programme=programme,
        initial={"due_on": timezone.localdate() + timedelta(weeks=weeks)},
    )
    affected = None
    if request.method == "POST" and form.is_valid():
        requirement = form.cleaned_data["requirement"]
        if "confirm" in request.POST:
            report = retraining_require(
                requirement=requirement, due_on=form.cleaned_data["due_on"]
            )
            messages.success(
                request,
                _(
                    "Retraining required on %(title)s: %(people)s people given a new "
                    "due date and told by e-mail."
                )
                % {"title": requirement.label, "people": len(report.people)},
            )
            return redirect("programmes:edit", programme.pk)
        affected = len(
            retraining_affected(
                requirement=requirement, version=requirement.current_version or 1
            )
        )
    return TemplateResponse(
        request,
        "crystal_programmes/admin/retraining.html",
        {"programme": programme, "form": form, "affected": affected},
    )
