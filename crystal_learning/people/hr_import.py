"""HR import of teams and people from CSV.

The file is keyed on staff number (case is ignored). Teams named in the file
are created or updated first; then each row creates or updates a person. Any
problem anywhere means nothing is written, and every problem is reported with
its line number and column name. See docs/hr-import.md for the columns.

The rows are checked in memory against the force read up front
(`hr_plan.plan_import`); applying writes in bulk in one transaction
(`hr_write.people_import_write`). A preview (dry run) writes nothing at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import transaction

from .csv_import import ImportProblem, ImportReport, check_columns, csv_rows, csv_text
from .hr_plan import Plan, plan_import
from .hr_write import people_import_write
from .models import PeopleImport

REQUIRED_COLUMNS = ("staff_number", "display_name", "rank", "team_code")
OPTIONAL_COLUMNS = (
    "email",
    "role",
    "team_name",
    "team_kind",
    "area_code",
    "area_name",
    "shift_pattern",
    "shift_codes",
    "shift_offset",
    "supervises",
    "active",
    "own_shift_pattern",
    "own_pattern_start",
)
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


def read_rows(data: bytes | str) -> list[dict]:
    """The file's rows as dicts by column; ValueError saying what is wrong."""
    rows = csv_rows(csv_text(data))
    headers = [h.strip() for h in rows[0]]
    check_columns(headers, REQUIRED_COLUMNS, ALL_COLUMNS)
    return [dict(zip(headers, values, strict=True)) for values in rows[1:]]


def people_import_run(
    *,
    data: bytes | str,
    dry_run: bool,
    deactivate_missing: bool = False,
    by=None,
    people_import: PeopleImport | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import (or preview, with dry_run) an HR file. All or nothing."""
    report = ImportReport(dry_run=dry_run)
    try:
        rows = read_rows(data)
    except ValueError as error:
        report.problems.append(ImportProblem(None, "", str(error)))
        return report
    if dry_run:
        plan = plan_import(
            rows, deactivate_missing=deactivate_missing, progress=progress
        )
    else:
        with transaction.atomic():
            plan = plan_import(
                rows, deactivate_missing=deactivate_missing, progress=progress
            )
            if not plan.problems:
                people_import_write(plan=plan, by=by, people_import=people_import)
    return _report(report, plan)


def _report(report: ImportReport, plan: Plan) -> ImportReport:
    report.problems.extend(plan.problems)
    totals = Counter(row.action for row in plan.rows)
    report.rows = [
        {
            "line": row.line,
            "staff_number": row.staff_number,
            "display_name": row.values.get("display_name", ""),
            "team_code": row.team_code,
            "action": row.action,
        }
        for row in plan.rows
    ]
    report.deactivated = [p["staff_number"] for p in plan.leavers]
    report.changes = plan.changes
    report.counts = {
        "new": totals.get("new", 0),
        "updated": totals.get("update", 0),
        "unchanged": totals.get("skip", 0),
        "deactivated": len(report.deactivated),
        "teams_created": plan.teams_created,
        "rows": len(plan.rows),
    }
    return report
