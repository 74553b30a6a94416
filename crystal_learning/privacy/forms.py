from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from crystal_learning.people.models import Person

WHITESPACE = re.compile(r"\s+")


class PersonLookupForm(forms.Form):
    # Not stripped: a staff number held with spaces or line breaks (from an HR
    # file of before the importer refused them) is found as held, or as typed.
    staff_number = forms.CharField(label=_("Staff number"), max_length=20, strip=False)

    def clean_staff_number(self):
        given = self.cleaned_data["staff_number"]
        person = Person.objects.filter(staff_number=given).first() or _held_oddly(given)
        if person is None:
            raise forms.ValidationError(_("No one has that staff number."))
        self.person = person
        return person.staff_number


def _held_oddly(given: str) -> Person | None:
    """The person whose staff number is `given` once spaces and line breaks are
    left out of both."""
    typed = WHITESPACE.sub("", given)
    if not typed:
        return None
    for person in Person.objects.filter(staff_number__regex=r"\s"):
        if WHITESPACE.sub("", person.staff_number) == typed:
            return person
    return None


class ErasureForm(PersonLookupForm):
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"), required=True
    )
    even_if_active = forms.BooleanField(
        label=_("Erase even though this person has not left"), required=False
    )
