"""django-q2 jobs for victim care (thin: they call the services)."""

from __future__ import annotations

from .refreshers import refreshers_assign


def assign_refreshers() -> dict:
    """Daily: the targeted refresher rule (idempotent)."""
    report = refreshers_assign()
    return {
        "programme": report.programme,
        "missing_programme": report.missing_programme,
        "assigned": len(report.assigned),
        "already": report.already,
    }


def victim_care_import_check(*, import_id: int) -> dict | None:
    """A large upload's check (queued by import_jobs)."""
    from .import_jobs import victim_care_import_check as check

    return check(import_id=import_id)


def victim_care_import_apply_job(*, import_id: int) -> dict | None:
    """A large upload's apply (queued by import_jobs)."""
    from .import_jobs import victim_care_import_apply_job as apply

    return apply(import_id=import_id)
