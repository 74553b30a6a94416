"""manage.py crystal_rebuild_progress: recompute progress from the statement store."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from crystal_learning.xapi.services import progress_rebuild


class Command(BaseCommand):
    help = "Recompute every person's progress from the stored statements."

    def handle(self, *args, **options):
        started = time.monotonic()
        count = progress_rebuild()
        self.stdout.write(
            f"Rebuilt {count} progress record(s) in {time.monotonic() - started:.1f} s."
        )
