"""manage.py crystal_retention: apply the retention settings now (also daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from crystal_learning import conf
from crystal_learning.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Delete statements of long-gone leavers and old reminder logs."

    def handle(self, *args, **options):
        report = retention_apply()
        self.stdout.write(
            f"Deleted {report.statements} statements, {report.progress} progress "
            f"rows and {report.documents} xAPI documents of people who left over "
            f"{conf.retain_statements_days()} days ago, and {report.reminders} "
            "reminder logs older than "
            f"{conf.retain_reminders_days()} days."
        )
