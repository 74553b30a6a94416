"""manage.py crystal_demo [--seed N] [--people N]: demo force, pages and sign-ins."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from crystal_learning.demo.content import demo_pages_build
from crystal_learning.demo.force import DEMO_PASSWORD, demo_force_build
from crystal_learning.demo.history import demo_history_build
from crystal_learning.demo.mail import mail_held
from crystal_learning.demo.programmes import demo_programmes_build
from crystal_learning.demo.victim_care import demo_victim_care_build
from crystal_learning.victim_care.refreshers import refreshers_assign


class Command(BaseCommand):
    help = (
        "Build the synthetic demo force, the learning page tree and one sign-in per "
        "role. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2022, help="Random seed (default 2022)."
        )
        parser.add_argument(
            "--people",
            type=int,
            default=1200,
            help="About how many people (default 1200).",
        )
        parser.add_argument(
            "--history",
            action="store_true",
            help=(
                "Also record a learning history: the programmes began 100 days "
                "ago and most people have done some or all of the e-learning "
                "(fills the coverage dashboards)."
            ),
        )

    def handle(self, *args, seed: int, people: int, history: bool, **options):
        if people < 60:
            raise CommandError(
                "--people must be at least 60 (every team needs a supervisor and "
                "members)."
            )
        # The demo's people are fictional: the booking e-mails building it
        # causes are counted, not sent nor printed (thousands of lines).
        with mail_held() as held:
            counts = demo_force_build(seed=seed, people=people)
            demo_pages_build()
            assigned = demo_programmes_build()["assigned"]
            made = demo_history_build(seed=seed) if history else None
            cases = demo_victim_care_build(seed=seed) if history else 0
            # The targeted refresher rule, as its daily job would run it.
            refreshers = refreshers_assign() if history else None
        if made is not None:
            self.stdout.write(
                f"Learning history: {made['statements']} statement(s) recorded, "
                f"{made['snapshot_rows']} coverage snapshot row(s) rebuilt, "
                f"{made['booked']} supervisor(s) booked on briefings."
            )
            self.stdout.write(
                f"Victim care: {cases} record(s) over three months, by team."
            )
            if refreshers is not None:
                self.stdout.write(
                    f"Refreshers: {len(refreshers.assigned)} person(s) assigned "
                    f'"{refreshers.programme}" by the targeted rule.'
                )
        if held.held:
            self.stdout.write(
                f"{held.held} e-mail(s) to the demo's fictional people (booking "
                "confirmations) were not sent."
            )
        self.stdout.write(
            f"Demo force: {counts['teams_created']} team(s), "
            f"{counts['people_created']} people and "
            f"{counts['absences_created']} absence(s) created; "
            f"{assigned} programme assignment(s) made."
        )
        self.stdout.write(f"\nDemo sign-ins (password for each: {DEMO_PASSWORD}):")
        for sign_in in counts["sign_ins"]:
            self.stdout.write(
                f"  {sign_in.role:<20} username: {sign_in.username:<10} "
                f"{sign_in.display_name}"
            )
