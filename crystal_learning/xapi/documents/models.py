"""Documents xAPI clients keep in the LRS (Communication part, sections 2.3, 2.6, 2.7).

One row per document, found by a hash of its whole address (`key`); the hash of
the address without the document's own id (`scope_key`) lists and deletes a
context's documents. Hashes keep the indexes short however long the activity
IRI, agent identifier or document id.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class XapiDocument(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("State")
        ACTIVITY_PROFILE = "activity_profile", _("Activity profile")
        AGENT_PROFILE = "agent_profile", _("Agent profile")

    kind = models.CharField(max_length=20, choices=Kind)
    key = models.CharField(max_length=64, unique=True)
    scope_key = models.CharField(max_length=64)
    activity_id = models.CharField(max_length=1000, blank=True, default="")
    agent_key = models.CharField(max_length=600, blank=True, default="")
    registration = models.CharField(max_length=36, blank=True, default="")
    document_id = models.CharField(max_length=1000)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=42)
    updated = models.DateTimeField()
    #: The API client that last wrote it; empty for a browser session.
    client = models.ForeignKey(
        "crystal_xapi.LRSCredential",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        app_label = "crystal_xapi"
        verbose_name = _("xAPI document")
        verbose_name_plural = _("xAPI documents")
        indexes = [
            models.Index(fields=["scope_key", "updated"], name="crystal_xdoc_scope"),
            models.Index(fields=["agent_key"], name="crystal_xdoc_agent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.document_id}"
