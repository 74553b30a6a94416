"""manage.py crystal_import_people FILE.csv [--dry-run] [--deactivate-missing]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from crystal_learning.people.csv_import import csv_text
from crystal_learning.people.hr_import import people_import_run
from crystal_learning.people.models import PeopleImport


class Command(BaseCommand):
    help = (
        "Import teams and people from an HR CSV file, keyed on staff number. "
        "Nothing is written if any row fails. See docs/hr-import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path to the CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Deactivate active people not in the file (a full HR extract).",
        )

    def handle(
        self, *args, file: Path, dry_run: bool, deactivate_missing: bool, **options
    ):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            text = csv_text(data)
        except ValueError as error:
            self.stderr.write(f"File: {error}")
            raise CommandError(
                f"{file.name} was refused; nothing was imported."
            ) from error
        record = None
        if not dry_run:
            record = PeopleImport.objects.create(
                filename=file.name[:200],
                csv_text=text,
                deactivate_missing=deactivate_missing,
            )
        report = people_import_run(
            data=text,
            dry_run=dry_run,
            deactivate_missing=deactivate_missing,
            people_import=record,
        )
        if record is not None:
            record.status = (
                PeopleImport.Status.APPLIED if report.ok else PeopleImport.Status.FAILED
            )
            record.summary = {
                "counts": report.counts,
                "problems": [str(p) for p in report.problems],
            }
            if report.ok:
                record.applied_at = timezone.now()
            record.save(update_fields=["status", "summary", "applied_at"])
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(report.problems)} problem(s) found in {file.name}; nothing "
                f"was imported."
            )
        counts = report.counts
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {counts['rows']} row(s): {counts['new']} new, "
            f"{counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['deactivated']} deactivated, "
            f"{counts['teams_created']} team(s) created."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
