"""manage.py crystal_plan --instance FILE.json --out PLAN.json (no database)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from crystal_learning.scheduling.planning.instance_file import (
    InstanceInvalid,
    plan_file,
)


class Command(BaseCommand):
    help = (
        "Plan a rolling programme from a JSON instance (people, teams, shift "
        "patterns, absences, sessions, abstraction policy) without a database. "
        "Format: docs/planner.md."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, help="Instance JSON file.")
        parser.add_argument("--out", required=True, help="Where to write the plan.")

    def handle(self, *args, instance: str, out: str, **options):
        try:
            # Progress goes to stderr: stdout keeps its one summary line.
            result = plan_file(instance, out, progress=self.stderr.write)
        except FileNotFoundError as error:
            raise CommandError(f"instance: {error.strerror}: {instance}") from error
        except InstanceInvalid as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{len(result['assignments'])} assigned, {len(result['unassigned'])} "
            f"unassigned; finish {result['finish_date']}, bound "
            f"{result['lower_bound_date']}, ratio {result['ratio']}, "
            f"{result['solve_seconds']} s"
        )
