"""manage.py crystal_import_victim_care FILE.csv [--dry-run]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crystal_learning.victim_care.services import victim_care_import_file


class Command(BaseCommand):
    help = (
        "Import victim care record box outcomes from the crime recording system's "
        "CSV extract. Crime references are stored only as a keyed hash; a "
        "re-imported crime replaces its record. Nothing is written if any row "
        "fails. See docs/victim-care.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path to the CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        checked, counts = victim_care_import_file(
            filename=file.name, data=data, by=None, dry_run=dry_run
        )
        if not checked.ok:
            for problem in checked.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(checked.problems)} problem(s) found in {file.name}; nothing "
                f"was imported."
            )
        if dry_run:
            replaced = sum(1 for row in checked.rows if row.get("replaces"))
            self.stdout.write(
                f"Would import {len(checked.rows)} row(s): "
                f"{len(checked.rows) - replaced} new, {replaced} replaced."
            )
            self.stdout.write("Dry run: nothing was written.")
            return
        self.stdout.write(
            f"Imported {counts['rows']} row(s): {counts['new']} new, "
            f"{counts['replaced']} replaced."
        )
