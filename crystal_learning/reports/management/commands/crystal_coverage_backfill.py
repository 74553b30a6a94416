"""Rebuild the daily coverage snapshots from the xAPI store."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from crystal_learning.programmes.models import Programme
from crystal_learning.reports.services import snapshots_backfill


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from error


class Command(BaseCommand):
    help = (
        "Rebuild the daily coverage snapshots (the trend by month) from the "
        "completion statements in the xAPI store and the assignment and booking "
        "histories. Replaces the snapshots in the range."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            help="First day (YYYY-MM-DD). Default: the earliest programme start.",
        )
        parser.add_argument("--until", help="Last day (YYYY-MM-DD). Default: today.")
        parser.add_argument("--programme", help="Only this programme (its name).")

    def handle(self, *args, **options):
        programme = None
        if options["programme"]:
            programme = Programme.objects.filter(name=options["programme"]).first()
            if programme is None:
                raise CommandError(f"No programme named {options['programme']!r}.")
        until = _date(options["until"]) if options["until"] else timezone.localdate()
        if options["since"]:
            since = _date(options["since"])
        else:
            first = Programme.objects.order_by("start_date").first()
            if first is None:
                raise CommandError("There are no programmes.")
            since = first.start_date
        if until < since:
            raise CommandError(f"--until {until} is before --since {since}.")
        started = time.perf_counter()

        def progress(item, rows: int, done: int, total: int) -> None:
            self.stdout.write(
                f"[{done}/{total}] {item.name}: {rows} rows "
                f"({time.perf_counter() - started:.1f} s)"
            )

        result = snapshots_backfill(
            since=since, until=until, programme=programme, progress=progress
        )
        self.stdout.write(
            f"Rebuilt {result.rows} snapshot rows for {result.programmes} "
            f"programme(s) over {result.days} days ({since} to {until}) in "
            f"{time.perf_counter() - started:.1f} s."
        )
