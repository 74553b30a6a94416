"""Forwarding to external LRSs: endpoints and the outbox of deliveries."""

from __future__ import annotations

import os

from django.db import models
from django.utils.translation import gettext_lazy as _


class LRSEndpoint(models.Model):
    """An external LRS that receives a copy of every statement stored here."""

    class Version(models.TextChoices):
        V1_0_3 = "1.0.3", "xAPI 1.0.3"
        V2_0_0 = "2.0.0", "xAPI 2.0.0"

    name = models.CharField(_("name"), max_length=100, unique=True)
    url = models.URLField(
        _("statements URL"),
        max_length=500,
        help_text=_(
            "The LRS's statements resource, e.g. https://lrs.example/xAPI/statements"
        ),
    )
    version = models.CharField(
        _("xAPI version"), max_length=5, choices=Version, default="1.0.3"
    )
    username = models.CharField(_("Basic auth user name"), max_length=200, blank=True)
    password_env_var = models.CharField(
        _("environment variable holding the password"),
        max_length=100,
        blank=True,
        help_text=_(
            "Secrets stay out of the database: name the variable, e.g. LRS_LL_SECRET."
        ),
    )
    enabled = models.BooleanField(
        _("enabled"),
        default=True,
        help_text=_("Only enabled endpoints get new statements queued for them."),
    )
    paused = models.BooleanField(
        _("paused"),
        default=False,
        help_text=_("Queued statements wait, and nothing is sent, while paused."),
    )
    paused_reason = models.CharField(_("why paused"), max_length=300, blank=True)
    batch_size = models.PositiveSmallIntegerField(_("batch size"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("external LRS")
        verbose_name_plural = _("external LRSs")

    def __str__(self) -> str:
        return self.name

    def pending_count(self) -> int:
        return self.deliveries.filter(status=Delivery.Status.PENDING).count()

    pending_count.short_description = _("pending")

    def dead_count(self) -> int:
        return self.deliveries.filter(status=Delivery.Status.DEAD).count()

    dead_count.short_description = _("dead letters")

    @property
    def password(self) -> str:
        return (
            os.environ.get(self.password_env_var, "") if self.password_env_var else ""
        )


class Delivery(models.Model):
    """One statement owed to one endpoint: the outbox row."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        DEAD = "dead", _("Dead letter")

    # No index of their own: the unique (statement, endpoint) and the queue's
    # (endpoint, status, statement) lead with them, and every statement stored
    # writes a row here (issue 21).
    statement = models.ForeignKey(
        "Statement",
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,
    )
    endpoint = models.ForeignKey(
        LRSEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,
    )
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "endpoint"], name="crystal_delivery_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["endpoint", "status", "statement"],
                name="crystal_delivery_queue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} -> {self.endpoint_id}: {self.status}"
