"""manage.py crystal_personal_data export|erase --staff-number N

export: everything held about one person, as JSON (a subject access request).
erase:  replace what identifies them by a pseudonym; coverage stays the same.
Both are recorded in the audit log.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crystal_learning.audit import SUBJECT_ACCESS, audit
from crystal_learning.people.models import Person
from crystal_learning.privacy.selectors import subject_access_json
from crystal_learning.privacy.services import ErasureRefused, person_erase


class Command(BaseCommand):
    help = "Export or erase one person's personal data (see docs/data-protection.md)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--staff-number", required=True)
        parser.add_argument(
            "--out", help="export: write the JSON here (default: standard output)"
        )
        parser.add_argument(
            "--even-if-active",
            action="store_true",
            help="erase: also a person who has not left",
        )
        parser.add_argument(
            "--yes", action="store_true", help="erase: do it (it cannot be undone)"
        )

    def handle(self, *args, action, staff_number, out, even_if_active, yes, **opts):
        person = Person.objects.filter(staff_number=staff_number).first()
        if person is None:
            raise CommandError(f"No one has staff number {staff_number!r}.")
        if action == "export":
            text = subject_access_json(person=person)
            audit(person, SUBJECT_ACCESS, channel="command", out=out or "stdout")
            if out:
                Path(out).write_text(text, encoding="utf-8")
                self.stderr.write(f"Wrote {out} ({len(text)} characters).")
            else:
                self.stdout.write(text)
            return
        if not yes:
            raise CommandError(
                f"Erasing {person.display_name} ({staff_number}) cannot be undone: "
                "run again with --yes."
            )
        try:
            report = person_erase(person=person, allow_active=even_if_active)
        except ErasureRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            f"Erased {staff_number}: now {report.pseudonym}; "
            f"{report.statements} statements re-attributed, {report.absences} "
            f"absences and {report.import_lines} HR import lines removed."
        )
