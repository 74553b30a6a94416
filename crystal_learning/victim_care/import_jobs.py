"""An uploaded extract's life: stored in the request with its crime references
already hashed, then checked once and applied once, each in the request for a
small file or as a django-q2 job for a large one (tasks.py), as the HR import
and the package upload do; the admin's preview page polls the job's progress.

Still all or nothing: a check with any problem stores no rows, and applying
writes every record in one transaction or none.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from crystal_learning.background import run_now_or_queued
from crystal_learning.people.csv_import import ImportProblem

from .importing import CheckedExtract, check_rows, extract_rows
from .models import VictimCareImport
from .services import preview_of, victim_care_import_apply

logger = logging.getLogger(__name__)

#: Files with more rows are checked and applied by a background job: at about
#: 50,000 rows the check and the apply each take 10-30 s on a busy server
#: (bench/victim_care_import.py), too long for a request.
INLINE_ROWS = 2000


def _user(by: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return by if by is not None and by.is_authenticated else None


def victim_care_import_upload(
    *, filename: str, data: bytes | str, by: AbstractBaseUser | None
) -> VictimCareImport:
    """Store an uploaded file's rows (references hashed) and check them, now or
    in the background. A file that is not CSV text is refused at once."""
    try:
        rows = extract_rows(data)
    except ValueError as error:
        refused = CheckedExtract(problems=[ImportProblem(None, "", str(error))])
        return VictimCareImport.objects.create(
            filename=filename[:200],
            status=VictimCareImport.Status.FAILED,
            preview=preview_of(refused),
            uploaded_by=_user(by),
        )
    record = VictimCareImport.objects.create(
        filename=filename[:200],
        status=VictimCareImport.Status.CHECKING,
        pending=rows,
        rows_total=len(rows) - 1,
        uploaded_by=_user(by),
    )
    _run(victim_care_import_check, record)
    return record


def victim_care_import_start_apply(
    *, victim_care_import: VictimCareImport, by: AbstractBaseUser | None
) -> bool:
    """Claim a checked, clean upload for applying (once) and apply it, now or in
    the background; False if it cannot be (applied already, or had problems)."""
    claimed = VictimCareImport.objects.filter(
        pk=victim_care_import.pk,
        status=VictimCareImport.Status.PREVIEWED,
        preview__ok=True,
    ).update(status=VictimCareImport.Status.APPLYING, applied_by=_user(by), rows_done=0)
    if not claimed:
        return False
    victim_care_import.refresh_from_db(fields=["status", "applied_by", "rows_total"])
    _run(victim_care_import_apply_job, victim_care_import)
    return True


def _run(job, record: VictimCareImport) -> None:
    """Small files now, in the request; large ones as a background job."""
    run_now_or_queued(
        job,
        tasks="crystal_learning.victim_care.tasks",
        rows=record.rows_total,
        inline_rows=INLINE_ROWS,
        import_id=record.pk,
    )


def victim_care_import_check(*, import_id: int, progress=None) -> dict | None:
    """The job: check a stored upload once and keep its preview; the pending rows
    are then dropped. `progress(done)`, if given, hears each step recorded."""
    record = VictimCareImport.objects.filter(
        pk=import_id, status=VictimCareImport.Status.CHECKING
    ).first()
    if record is None:
        return None  # checked already: a retry never runs it twice
    rows = VictimCareImport.objects.filter(pk=import_id)

    def recorded(done: int) -> None:
        rows.update(rows_done=done)
        if progress is not None:
            progress(done)

    try:
        checked = check_rows(record.pending, progress=recorded)
    except Exception:
        logger.exception("Victim care import %s: the check failed", import_id)
        checked = CheckedExtract(
            problems=[
                ImportProblem(
                    None, "", _("The check stopped with an error; upload it again.")
                )
            ]
        )
    record.status = (
        VictimCareImport.Status.PREVIEWED
        if checked.ok
        else VictimCareImport.Status.FAILED
    )
    record.rows = checked.rows if checked.ok else []
    record.preview = preview_of(checked)
    record.pending = []
    record.rows_done = record.rows_total
    record.save(update_fields=["status", "rows", "preview", "pending", "rows_done"])
    return record.preview["counts"]


def victim_care_import_apply_job(*, import_id: int) -> dict | None:
    """The job: apply a claimed upload, all or nothing."""
    record = VictimCareImport.objects.filter(
        pk=import_id, status=VictimCareImport.Status.APPLYING
    ).first()
    if record is None:
        return None
    try:
        return victim_care_import_apply(victim_care_import=record, by=record.applied_by)
    except Exception:
        logger.exception("Victim care import %s: applying failed", import_id)
        VictimCareImport.objects.filter(
            pk=import_id, status=VictimCareImport.Status.APPLYING
        ).update(
            status=VictimCareImport.Status.FAILED,
            rows=[],
            summary={
                "problems": [_("Applying stopped with an error; nothing was written.")]
            },
        )
        return None
