"""Wagtail admin for the learning record: API clients, external LRSs, dead letters."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .agents import key_reserved
from .models import Delivery, LRSCredential, LRSEndpoint


class CredentialForm(WagtailAdminModelForm):
    secret = forms.CharField(
        label=_("Secret"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        min_length=12,
        help_text=_(
            "At least 12 characters, stored hashed; leave empty to keep the old one."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=LRSCredential.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = LRSCredential
        fields = ["name", "key", "scopes", "active"]

    def clean_key(self):
        key = self.cleaned_data["key"]
        if key_reserved(key):
            raise forms.ValidationError(
                _("“%(key)s” is the platform's own name; choose another key."),
                params={"key": key},
            )
        return key

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("secret"):
            self.add_error("secret", _("A new credential needs a secret."))
        return data

    def save(self, commit=True):
        credential = super().save(commit=False)
        credential.scopes = list(self.cleaned_data["scopes"])
        if self.cleaned_data.get("secret"):
            credential.set_secret(self.cleaned_data["secret"])
        if commit:
            credential.save()
        return credential


class CredentialViewSet(ModelViewSet):
    model = LRSCredential

    def get_form_class(self, for_update=False):
        return CredentialForm

    icon = "key"
    menu_label = _("API clients")
    list_display = ["name", "key", "scopes", "active", "last_used_at"]
    copy_view_enabled = False


class EndpointViewSet(ModelViewSet):
    model = LRSEndpoint
    icon = "redirect"
    menu_label = _("External LRSs")
    form_fields = [
        "name",
        "url",
        "version",
        "username",
        "password_env_var",
        "enabled",
        "paused",
        "batch_size",
    ]
    list_display = [
        "name",
        "url",
        "version",
        "enabled",
        "paused",
        "paused_reason",
        "pending_count",
        "dead_count",
        "last_success_at",
    ]
    copy_view_enabled = False

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, **kwargs)


class XAPIViewSetGroup(ModelViewSetGroup):
    menu_label = _("Learning record")
    menu_icon = "list-ul"
    menu_order = 270
    items = (
        CredentialViewSet("crystal_xapi_credential"),
        EndpointViewSet("crystal_xapi_endpoint"),
    )


__all__ = ["Delivery", "XAPIViewSetGroup"]
