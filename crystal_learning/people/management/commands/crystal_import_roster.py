"""manage.py crystal_import_roster FILE.csv [--dry-run]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crystal_learning.people.roster_import import roster_import_run


class Command(BaseCommand):
    help = (
        "Import people's own shift patterns from a duty-roster CSV file "
        "(staff_number, shift_pattern, from, shift_codes). Nothing is written if "
        "any row fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path to the CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check; write nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        report = roster_import_run(data=data, dry_run=dry_run)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(report.problems)} problem(s) found in {file.name}; "
                "nothing was imported."
            )
        counts = report.counts
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {counts['rows']} roster row(s): {counts['set']} own pattern(s) "
            f"set, {counts['cleared']} back to their team's, {counts['unchanged']} "
            f"unchanged, {counts['patterns']} pattern(s) defined."
        )
