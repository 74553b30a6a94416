"""manage.py crystal_import_victim_care FILE.csv [--dry-run]"""

from __future__ import annotations

from crystal_learning.import_command import CsvImportCommand
from crystal_learning.victim_care.services import victim_care_import_file


class Command(CsvImportCommand):
    help = (
        "Import victim care record box outcomes from the crime recording system's "
        "CSV extract. Crime references are stored only as a keyed hash; a "
        "re-imported crime replaces its record. Nothing is written if any row "
        "fails. See docs/victim-care.md."
    )
    dry_run_help = "Check and report; write nothing."

    def run(self, *, data: bytes, filename: str, dry_run: bool):
        checked, counts = victim_care_import_file(
            filename=filename, data=data, by=None, dry_run=dry_run
        )
        if checked.problems:
            return checked.problems, ""
        if dry_run:
            replaced = sum(1 for row in checked.rows if row.get("replaces"))
            summary = (
                f"Would import {len(checked.rows)} row(s): "
                f"{len(checked.rows) - replaced} new, {replaced} replaced.\n"
                "Dry run: nothing was written."
            )
        else:
            summary = (
                f"Imported {counts['rows']} row(s): {counts['new']} new, "
                f"{counts['replaced']} replaced."
            )
        return checked.problems, summary
