"""manage.py crystal_plan_protected [--programme NAME] [--weeks 8] [--publish]

Plans protected e-learning time for every module, quiz and package of a
programme, one requirement after another (each plan counts the slots already
booked), as a training manager does in Admin → Plan training, and checks the
result against the database: everyone who still needs a requirement has a
slot, and no team's shift goes below its minimum on any day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from crystal_learning.people.duty import code_list, duty_code_on
from crystal_learning.people.models import Absence, Person
from crystal_learning.programmes.models import Programme, Requirement
from crystal_learning.scheduling import abstraction
from crystal_learning.scheduling.models import AbstractionPolicy, Booking, ShiftMinimum
from crystal_learning.scheduling.planning import problem
from crystal_learning.scheduling.planning.instance import (
    SessionTemplate,
    people_needing,
)
from crystal_learning.scheduling.planning.services import plan_create, plan_publish

SLOTS = (("E", time(9), time(10, 30)), ("L", time(16), time(17, 30)))
DAY_SLOT = ("D", time(14), time(15, 30))


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--programme", default="Op Crystal core")
        parser.add_argument("--weeks", type=int, default=8)
        parser.add_argument("--capacity", type=int, default=20)
        parser.add_argument(
            "--minimums",
            default="",
            help="Set the force-wide shift minimums first, e.g. E=3,L=3,N=2.",
        )
        parser.add_argument(
            "--cap-share",
            default="",
            help="Set the force-wide share of on-duty strength in training first.",
        )
        parser.add_argument("--publish", action="store_true")

    def handle(self, *args, programme, weeks, capacity, minimums, publish, **kw):
        if kw.get("cap_share"):
            policy = AbstractionPolicy.objects.filter(team=None).first()
            policy = policy or AbstractionPolicy.objects.create()
            policy.cap_share = kw["cap_share"]
            policy.save(update_fields=["cap_share"])
        found = Programme.objects.filter(name=programme).first()
        if found is None:
            raise CommandError(f"No programme named {programme!r}.")
        if minimums:
            self._set_minimums(minimums)
        today = timezone.localdate()
        ends = today + timedelta(weeks=weeks)
        templates = [
            SessionTemplate(
                start=start,
                end=end,
                venue="At your desk",
                capacity=capacity,
                weekdays_only=code == "D",
                code=code,
            )
            for code, start, end in (*SLOTS, DAY_SLOT)
        ]
        requirements = found.requirements.exclude(kind=Requirement.Kind.BRIEFING)
        for requirement in requirements.order_by("sort_order"):
            plan = plan_create(
                requirement=requirement,
                starts_on=today,
                ends_on=ends,
                templates=templates,
            )
            result = plan.result
            line = (
                f"{requirement.label}: {len(result['assignments'])} planned, "
                f"{len(result['unassigned'])} not placed, finish "
                f"{result['finish_date']} (bound {result['lower_bound_date']}, "
                f"ratio {result['ratio']}), {result['solve_seconds']} s"
            )
            if publish:
                report = plan_publish(plan=plan)
                line += f"; published: {report.booked} booked, {report.created} slots"
            self.stdout.write(line)
        if publish:
            self._check(requirements, today, ends)

    def _set_minimums(self, text: str) -> None:
        policy = AbstractionPolicy.objects.filter(team=None).first()
        if policy is None:
            policy = AbstractionPolicy.objects.create()
        policy.shift_minimums.all().delete()
        for part in code_list(text):
            code, _sep, number = part.partition("=")
            ShiftMinimum.objects.create(
                policy=policy, duty_code=code, minimum=int(number)
            )
        self.stdout.write(f"Force-wide shift minimums: {text}")

    def _check(self, requirements, today, ends) -> None:
        """Everyone placed, and no shift below its minimum (from the database)."""
        missing = 0
        needed = 0
        for requirement in requirements:
            people = people_needing(requirement)
            booked = set(
                Booking.objects.active()
                .filter(session__requirement=requirement, person__in=list(people))
                .values_list("person_id", flat=True)
            )
            needed += len(people)
            missing += len(set(people) - booked)
        self.stdout.write(
            f"Still needing a requirement: {needed}; without a slot: {missing}"
        )
        below, checked = self._shift_margins(today, ends)
        self.stdout.write(
            f"Team-shift-days with a minimum checked: {checked}; taken below "
            f"the minimum by training: {below}"
        )

    def _shift_margins(self, today, ends) -> tuple[int, int]:
        people = list(
            Person.objects.filter(active=True).select_related(
                "team__shift_pattern", "shift_pattern"
            )
        )
        absent = defaultdict(set)
        # Absent or on restricted duties: in no shift's operational strength.
        for absence in Absence.objects.filter(ends_on__gte=today, starts_on__lte=ends):
            day = max(absence.starts_on, today)
            while day <= min(absence.ends_on, ends):
                absent[absence.person_id].add(day)
                day += timedelta(days=1)
        training = defaultdict(int)
        for person_id, day in (
            Booking.objects.abstracting()
            .filter(session__date__gte=today, session__date__lte=ends)
            .values_list("person_id", "session__date")
        ):
            training[person_id, day] += 1
        policies = abstraction.policies_by_path()
        strength = defaultdict(lambda: [0, 0])  # (team, day, code) -> [on, trained]
        teams = {}
        for person in people:
            teams[person.team_id] = person.team
            day = today
            while day <= ends:
                code = duty_code_on(person, day)
                if code and day not in absent[person.pk]:
                    cell = strength[person.team_id, day, code]
                    cell[0] += 1
                    cell[1] += 1 if training[person.pk, day] else 0
                day += timedelta(days=1)
        below = checked = 0
        minimums = {
            team_id: abstraction.shift_minimums(
                abstraction.policy_for_team(team, policies)
            )
            for team_id, team in teams.items()
        }
        for (team_id, day, code), (on, trained) in strength.items():
            spec = problem.TeamSpec(
                id="t",
                pattern=("R",),
                pattern_start=day,
                min_staffing=0,
                min_staffing_by_code=minimums[team_id],
            )
            minimum = problem.code_minimum(spec, code, day)
            if minimum is None:
                continue
            checked += 1
            if trained and on - trained < minimum:
                below += 1
        return below, checked
