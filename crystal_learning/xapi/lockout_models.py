"""Failed HTTP Basic sign-ins to the Statements API, counted in the database so
that every server process sees the same count and the same lockout."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CredentialLockout(models.Model):
    """Recent failures for one credential key or one client address."""

    class Kind(models.TextChoices):
        KEY = "key", _("Credential key")
        ADDRESS = "address", _("Client address")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    # A key as sent (LRSCredential.key is at most 100) or an IP address.
    value = models.CharField(_("key or address"), max_length=100)
    failures = models.PositiveIntegerField(_("failures in the window"), default=0)
    window_start = models.DateTimeField(_("first failure of the window"))
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("Statements API sign-in lockout")
        verbose_name_plural = _("Statements API sign-in lockouts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"], name="crystal_xapi_lockout_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"
