"""Attachment data received in multipart/mixed statement requests.

One row per content, keyed by its SHA-2 (as the statements give it, lower
case): the same file sent with many statements is kept once. A link row says
which statements refer to it, so data no statement refers to any more can be
removed (`services.attachments_unreferenced_delete`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class XapiAttachment(models.Model):
    sha2 = models.CharField(_("SHA-2"), max_length=128, primary_key=True)
    content_type = models.CharField(_("content type"), max_length=255)
    length = models.PositiveBigIntegerField(_("length"))
    content = models.BinaryField()
    stored = models.DateTimeField(_("stored"), auto_now_add=True)

    class Meta:
        app_label = "crystal_xapi"
        verbose_name = _("xAPI attachment")
        verbose_name_plural = _("xAPI attachments")

    def __str__(self) -> str:
        return f"{self.sha2[:12]}… {self.content_type} ({self.length} bytes)"


class StatementAttachment(models.Model):
    """A stored statement that refers to attachment data the LRS holds."""

    statement = models.ForeignKey(
        "crystal_xapi.Statement", on_delete=models.CASCADE, related_name="+"
    )
    attachment = models.ForeignKey(
        XapiAttachment, on_delete=models.CASCADE, related_name="uses"
    )

    class Meta:
        app_label = "crystal_xapi"
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "attachment"], name="crystal_stmt_attachment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} → {self.attachment_id}"
