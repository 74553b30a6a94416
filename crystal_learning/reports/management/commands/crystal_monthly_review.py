"""manage.py crystal_monthly_review --month YYYY-MM --out FILE.xlsx"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crystal_learning.programmes.models import Programme
from crystal_learning.reports.exports import performance_workbook
from crystal_learning.reports.review import (
    NoSnapshots,
    core_programme,
    performance_review,
)


class Command(BaseCommand):
    help = (
        "Write the monthly performance review workbook (the admin's download): "
        "coverage by area and team, and the Victim care sheet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="The month, YYYY-MM.")
        parser.add_argument("--out", required=True, type=Path, help="The .xlsx file.")
        parser.add_argument(
            "--programme",
            help="The programme's name. Default: the active programme assigned to "
            "the most people (the core programme).",
        )

    def handle(self, *args, month: str, out: Path, programme: str | None, **options):
        try:
            first = datetime.strptime(month, "%Y-%m").date()
        except ValueError as error:
            raise CommandError(f"Not a month (YYYY-MM): {month!r}") from error
        chosen = (
            Programme.objects.filter(name=programme).first()
            if programme
            else core_programme()
        )
        if chosen is None:
            raise CommandError(
                f"No programme named {programme!r}." if programme else "No programme."
            )
        try:
            review = performance_review(programme=chosen, month=first)
        except NoSnapshots as missing:
            raise CommandError(str(missing)) from missing
        try:
            Path(out).write_bytes(performance_workbook(review))
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from error
        self.stdout.write(
            f"Wrote the {review.month:%B %Y} review of {chosen.name} to {out}."
        )
