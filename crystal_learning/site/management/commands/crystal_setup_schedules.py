"""manage.py crystal_setup_schedules [--prune]: create or update the schedules."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django_q.models import Schedule

from crystal_learning.site.schedules import PREFIX, SCHEDULES


class Command(BaseCommand):
    help = "Create or update Crystal Learning's django-q2 schedules; idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Delete crystal schedules that are no longer defined.",
        )

    @transaction.atomic
    def handle(self, *args, prune: bool, **options):
        for spec in SCHEDULES:
            wanted = {
                "func": spec.func,
                "schedule_type": Schedule.MINUTES,
                "minutes": spec.minutes,
                "repeats": -1,
            }
            schedule = Schedule.objects.filter(name=spec.full_name).first()
            if schedule is None:
                Schedule.objects.create(name=spec.full_name, **wanted)
                self.stdout.write(f"created: {spec.full_name}")
            elif any(getattr(schedule, k) != v for k, v in wanted.items()):
                for key, value in wanted.items():
                    setattr(schedule, key, value)
                schedule.save()
                self.stdout.write(f"updated: {spec.full_name}")
            else:
                self.stdout.write(f"unchanged: {spec.full_name}")
        if prune:
            names = {spec.full_name for spec in SCHEDULES}
            stale = Schedule.objects.filter(name__startswith=PREFIX).exclude(
                name__in=names
            )
            for schedule in stale:
                self.stdout.write(f"deleted: {schedule.name}")
            stale.delete()
