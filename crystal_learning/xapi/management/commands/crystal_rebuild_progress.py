"""manage.py crystal_rebuild_progress: recompute progress from the statement store."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from crystal_learning.xapi.progress import progress_rebuild
from crystal_learning.xapi.services import milestones_restore


class Command(BaseCommand):
    help = (
        "Record any completion or quiz outcome the viewing and attempt records show "
        "but the statement store lacks, then recompute every person's progress."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        for source, restored in milestones_restore().items():
            if restored:
                self.stdout.write(f"Restored {restored} statement(s) from {source}.")
        count = progress_rebuild()
        self.stdout.write(
            f"Rebuilt {count} progress record(s) in {time.monotonic() - started:.1f} s."
        )
