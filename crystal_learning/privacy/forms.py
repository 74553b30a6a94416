from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from crystal_learning.people.models import Person


class PersonLookupForm(forms.Form):
    staff_number = forms.CharField(label=_("Staff number"), max_length=20)

    def clean_staff_number(self):
        number = self.cleaned_data["staff_number"].strip()
        person = Person.objects.filter(staff_number=number).first()
        if person is None:
            raise forms.ValidationError(_("No one has that staff number."))
        self.person = person
        return number


class ErasureForm(PersonLookupForm):
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"), required=True
    )
    even_if_active = forms.BooleanField(
        label=_("Erase even though this person has not left"), required=False
    )
