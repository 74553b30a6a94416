"""manage.py crystal_import_roster FILE.csv [--dry-run]"""

from __future__ import annotations

from crystal_learning.import_command import CsvImportCommand
from crystal_learning.people.roster_import import roster_import_run


class Command(CsvImportCommand):
    help = (
        "Import people's own shift patterns from a duty-roster CSV file "
        "(staff_number, shift_pattern, from, shift_codes). Nothing is written if "
        "any row fails."
    )

    def run(self, *, data: bytes, filename: str, dry_run: bool):
        report = roster_import_run(data=data, dry_run=dry_run)
        counts = report.counts
        verb = "Would import" if dry_run else "Imported"
        return report.problems, (
            f"{verb} {counts['rows']} roster row(s): {counts['set']} own pattern(s) "
            f"set, {counts['cleared']} back to their team's, {counts['unchanged']} "
            f"unchanged, {counts['patterns']} pattern(s) defined."
        )
