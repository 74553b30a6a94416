"""django-q2 jobs for package modules (thin: they call the services)."""

from __future__ import annotations

from . import uploads


def package_upload_process(*, upload_id: int) -> str | None:
    """Check and unpack an uploaded package zip once, recording its progress."""
    return uploads.package_upload_process(upload_id=upload_id)
