"""Model fields shared by the apps."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeListField(models.CharField):
    """A list of codes from fixed choices, stored comma-separated, edited as
    checkboxes (works the same on SQLite and PostgreSQL)."""

    def __init__(self, *args, code_choices=(), **kwargs):
        self.code_choices = list(code_choices)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["code_choices"] = self.code_choices
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(v) for v in value if v]
        return [code for code in (value or "").split(",") if code]

    def get_prep_value(self, value):
        return ",".join(self.to_python(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        known = {code for code, _label in self.code_choices}
        unknown = [code for code in self.to_python(value) if code not in known]
        if unknown:
            raise ValidationError(
                _("Unknown code(s): %(codes)s") % {"codes": ", ".join(unknown)}
            )
        if not self.blank and not self.to_python(value):
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.code_choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )
