"""manage.py crystal_import_absences FILE.csv [--dry-run]"""

from __future__ import annotations

from crystal_learning.import_command import CsvImportCommand
from crystal_learning.people.absence_import import absences_import_run


class Command(CsvImportCommand):
    help = (
        "Import leave, sickness and courses from a CSV file (staff_number, kind, "
        "first_day, last_day, note). Nothing is written if any row fails."
    )

    def run(self, *, data: bytes, filename: str, dry_run: bool):
        report = absences_import_run(data=data, dry_run=dry_run)
        counts = report.counts
        verb = "Would import" if dry_run else "Imported"
        return report.problems, (
            f"{verb} {counts['rows']} absence(s): {counts['new']} new, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged."
        )
