"""Writes: a checked extract is applied once (import_jobs.py runs the upload).

Applying replaces the record of every crime reference already imported and
adds the rest, in one transaction: all or nothing.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crystal_learning.audit import VICTIM_CARE_IMPORT, audit
from crystal_learning.people.models import Person

from .importing import CheckedExtract, check_extract
from .models import BOXES, VictimCareImport, VictimCareRecord

#: What a stored preview keeps: the page shows the first rows and problems.
STORED_ROWS = 200
STORED_PROBLEMS = 1000
GONE = _(
    "An officer in this file has been deleted since it was checked; nothing was "
    "written. Upload the file again."
)
RECORD_FIELDS = ("recorded_on", "person_id", "team_id", *BOXES, "rationale")


def preview_of(checked: CheckedExtract) -> dict:
    replaces = sum(1 for row in checked.rows if row.get("replaces"))
    return {
        "ok": checked.ok,
        "counts": {
            "rows": len(checked.rows),
            "new": len(checked.rows) - replaces,
            "replaced": replaces,
        },
        "problems": [str(p) for p in checked.problems[:STORED_PROBLEMS]],
        "problem_count": len(checked.problems),
        "rows": [
            {
                "line": row["line"],
                "recorded_on": row["recorded_on"],
                "staff_number": row["staff_number"],
                "team_name": row["team_name"],
                "answers": [row[box] for box in BOXES],
                "case_status": row["case_status"],
                "replaces": row["replaces"],
            }
            for row in checked.rows[:STORED_ROWS]
        ],
    }


def _record_values(row: dict) -> dict:
    values = {name: row[name] for name in RECORD_FIELDS}
    values["recorded_on"] = date.fromisoformat(row["recorded_on"])
    values["case_status"] = row["case_status"]
    return values


def records_write(rows: list[dict], *, by: AbstractBaseUser | None) -> dict[str, int]:
    """Add or replace one record per checked row (matched by crime reference hash)."""
    now = timezone.now()
    hashes = [row["crime_ref_hash"] for row in rows]
    existing: dict[str, int] = {}
    for start in range(0, len(hashes), 500):
        existing.update(
            VictimCareRecord.objects.filter(
                crime_ref_hash__in=hashes[start : start + 500]
            ).values_list("crime_ref_hash", "pk")
        )
    new, replaced = [], []
    for row in rows:
        record = VictimCareRecord(
            crime_ref_hash=row["crime_ref_hash"],
            imported_at=now,
            imported_by=by,
            **_record_values(row),
        )
        if row["crime_ref_hash"] in existing:
            record.pk = existing[row["crime_ref_hash"]]
            replaced.append(record)
        else:
            new.append(record)
    VictimCareRecord.objects.bulk_create(new, batch_size=500)
    VictimCareRecord.objects.bulk_update(
        replaced,
        [*RECORD_FIELDS, "case_status", "imported_at", "imported_by"],
        batch_size=500,
    )
    return {"rows": len(rows), "new": len(new), "replaced": len(replaced)}


def _people_gone(rows: list[dict]) -> bool:
    wanted = {row["person_id"] for row in rows}
    return Person.objects.filter(pk__in=wanted).count() != len(wanted)


def victim_care_import_apply(
    *, victim_care_import: VictimCareImport, by: AbstractBaseUser | None
) -> dict[str, int] | None:
    """Apply an upload claimed for applying (``import_jobs``), once; None if it
    cannot be (already applied, or an officer in it has been deleted since the
    check)."""
    by = by if by is not None and by.is_authenticated else None
    with transaction.atomic():
        record = (
            VictimCareImport.objects.select_for_update()
            .filter(
                pk=victim_care_import.pk,
                status=VictimCareImport.Status.APPLYING,
                preview__ok=True,
            )
            .first()
        )
        if record is None:
            return None
        if _people_gone(record.rows):
            record.status = VictimCareImport.Status.FAILED
            record.summary = {"problems": [str(GONE)]}
            record.rows = []
            record.save(update_fields=["status", "summary", "rows"])
            return None
        counts = records_write(record.rows, by=by)
        _applied(record, counts, by)
    return counts


def _applied(record: VictimCareImport, counts: dict, by) -> None:
    record.status = VictimCareImport.Status.APPLIED
    record.applied_at = timezone.now()
    record.applied_by = by
    record.summary = {"counts": counts}
    record.rows = []
    record.save()
    audit(record, VICTIM_CARE_IMPORT, user=by, counts=counts)


def victim_care_import_file(
    *, filename: str, data: bytes | str, by: AbstractBaseUser | None, dry_run: bool
) -> tuple[CheckedExtract, dict[str, int] | None]:
    """The command's path: the same check and write as the admin screen. A dry
    run writes nothing; otherwise a clean file is written at once, all or nothing,
    and kept in the list of imports."""
    checked = check_extract(data)
    if dry_run or not checked.ok:
        return checked, None
    with transaction.atomic():
        counts = records_write(checked.rows, by=by)
        record = VictimCareImport(filename=filename[:200], preview=preview_of(checked))
        record.uploaded_by = by
        _applied(record, counts, by)
    return checked, counts
