"""An uploaded HR file's life: checked once, previewed from what was stored,
applied once. Large files are checked and applied by background jobs
(django-q2, see tasks.py); the admin page polls their progress.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crystal_learning import conf
from crystal_learning.audit import HR_IMPORT, audit
from crystal_learning.background import run_now_or_queued

from .csv_import import ImportReport, csv_rows, csv_text
from .hr_changes import CHANGES_SHOWN
from .hr_import import people_import_run
from .models import PeopleImport

logger = logging.getLogger(__name__)

#: What a stored preview keeps: the page shows the first rows and problems.
STORED_ROWS = 500
STORED_PROBLEMS = 1000
PROGRESS_EVERY = 1000


def people_import_upload(
    *,
    filename: str,
    data: bytes,
    deactivate_missing: bool,
    by: AbstractBaseUser | None,
) -> PeopleImport:
    """Store an uploaded file and check it (a dry run), now or in the background.

    ValueError (with what to do) if the file is not UTF-8 text: nothing is stored.
    """
    text = csv_text(data)
    try:
        rows = len(csv_rows(text)) - 1
    except ValueError:
        rows = 0  # the check reports it
    record = PeopleImport.objects.create(
        filename=filename[:200],
        csv_text=text,
        deactivate_missing=deactivate_missing,
        uploaded_by=by,
        status=PeopleImport.Status.CHECKING,
        rows_total=rows,
    )
    _run(people_import_check, record)
    return record


def people_import_start_apply(
    *, people_import: PeopleImport, by: AbstractBaseUser | None
) -> bool:
    """Claim a checked, clean file for applying (once); False if it cannot be."""
    claimed = PeopleImport.objects.filter(
        pk=people_import.pk,
        status=PeopleImport.Status.PREVIEWED,
        preview__ok=True,
    ).update(status=PeopleImport.Status.APPLYING, applied_by=by, rows_done=0)
    if not claimed:
        PeopleImport.objects.filter(
            pk=people_import.pk, status=PeopleImport.Status.PREVIEWED
        ).update(status=PeopleImport.Status.FAILED)
        return False
    people_import.refresh_from_db()
    _run(people_import_apply, people_import)
    return True


def _run(job, record: PeopleImport) -> None:
    """Small files now, in the request; large ones as a background job."""
    run_now_or_queued(
        job,
        tasks="crystal_learning.people.tasks",
        rows=record.rows_total,
        inline_rows=conf.hr_import_inline_rows(),
        import_id=record.pk,
    )


def _stored(report: ImportReport) -> dict:
    return {
        "ok": report.ok,
        "counts": report.counts,
        "problems": [str(p) for p in report.problems[:STORED_PROBLEMS]],
        "problem_count": len(report.problems),
        "rows": report.rows[:STORED_ROWS],
        "deactivated": report.deactivated[:STORED_ROWS],
        "changes": report.changes[:CHANGES_SHOWN],
        "change_count": len(report.changes),
    }


def people_import_check(*, import_id: int) -> dict | None:
    """The job: check a file once (a dry run) and store what it would do."""
    record = PeopleImport.objects.filter(
        pk=import_id, status=PeopleImport.Status.CHECKING
    ).first()
    if record is None:
        return None  # already checked: a page reload or a retry never re-runs it

    def progress(done: int) -> None:
        PeopleImport.objects.filter(pk=import_id).update(rows_done=done)

    try:
        report = people_import_run(
            data=record.csv_text,
            dry_run=True,
            deactivate_missing=record.deactivate_missing,
            progress=progress,
        )
    except Exception:
        logger.exception("HR import %s: the check failed", import_id)
        _failed(import_id, _("The check stopped with an error; upload it again."))
        return None
    record.preview = _stored(report)
    record.rows_done = report.counts.get("rows", 0)
    record.status = PeopleImport.Status.PREVIEWED
    record.save(update_fields=["preview", "rows_done", "status"])
    return record.preview["counts"]


def people_import_apply(*, import_id: int) -> dict | None:
    """The job: apply a claimed file, re-checked against the force as it is now.

    The file and its record change in one transaction: it is applied once.
    """
    try:
        with transaction.atomic():
            record = (
                PeopleImport.objects.select_for_update()
                .filter(pk=import_id, status=PeopleImport.Status.APPLYING)
                .first()
            )
            if record is None:
                return None
            by = record.applied_by
            report = people_import_run(
                data=record.csv_text,
                dry_run=False,
                deactivate_missing=record.deactivate_missing,
                by=by,
                people_import=record,
            )
            _record_applied(record, report, by)
    except Exception:
        logger.exception("HR import %s: applying failed", import_id)
        _failed(import_id, _("Applying stopped with an error; nothing was written."))
        return None
    return record.summary


def _record_applied(
    record: PeopleImport, report: ImportReport, by: AbstractBaseUser | None
) -> None:
    record.summary = {
        "counts": report.counts,
        "problems": [str(p) for p in report.problems[:STORED_PROBLEMS]],
    }
    record.rows_done = report.counts.get("rows", 0)
    if report.ok:
        record.status = PeopleImport.Status.APPLIED
        record.applied_at = timezone.now()
        audit(
            record,
            HR_IMPORT,
            user=by,
            counts=report.counts,
            deactivate_missing=record.deactivate_missing,
        )
    else:
        record.status = PeopleImport.Status.FAILED
    record.save(update_fields=["summary", "rows_done", "status", "applied_at"])


def _failed(import_id: int, message: str) -> None:
    PeopleImport.objects.filter(pk=import_id).update(
        status=PeopleImport.Status.FAILED, summary={"problems": [message]}
    )
