"""manage.py crystal_assign_refreshers [--dry-run]: run the targeted refresher rule."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from crystal_learning.victim_care.refreshers import refreshers_assign


class Command(BaseCommand):
    help = (
        "Assign the victim care refresher to people below the compliance threshold "
        "or whose dip samples found the same box wrong twice; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say who would be assigned; assign nobody, send nothing.",
        )

    def handle(self, *args, dry_run: bool, **options):
        report = refreshers_assign(dry_run=dry_run)
        if report.missing_programme:
            raise CommandError(
                f'No active programme named "{report.programme}": create it, or '
                "set CRYSTAL_REFRESHER_PROGRAMME."
            )
        verb = "would assign" if dry_run else "assigned"
        self.stdout.write(
            f"{report.programme}: {verb} {len(report.assigned)}, "
            f"already assigned {report.already}."
        )
        for staff_number in report.assigned:
            self.stdout.write(f"  {staff_number}")
