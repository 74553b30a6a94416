"""django-q2 jobs for HR imports (thin: they call import_records)."""

from __future__ import annotations

from . import import_records


def people_import_check(*, import_id: int) -> dict | None:
    """Check an uploaded HR file once and store its preview."""
    return import_records.people_import_check(import_id=import_id)


def people_import_apply(*, import_id: int) -> dict | None:
    """Apply an HR file claimed for applying, once."""
    return import_records.people_import_apply(import_id=import_id)
