"""A learning history for the demo force, so the dashboards have something to
show: the programmes started some weeks ago, most people have finished some or
all of the videos and quizzes on dates spread since then, and the daily coverage
snapshots are rebuilt from that record.

Everything goes through the xAPI store (statements dated in the past), so the
projection, the completions and the snapshots are derived as in real use; the
viewings and marked quiz attempts a learner leaves beside them are written too
(records.py), so every screen agrees with the record.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from crystal_learning.programmes.models import Assignment, Programme, Requirement
from crystal_learning.reports.services import snapshots_backfill
from crystal_learning.scheduling.models import DraftPlan
from crystal_learning.scheduling.planning.instance import SessionTemplate
from crystal_learning.scheduling.planning.services import plan_create, plan_publish
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.pipeline import statements_record
from modules.models import VideoModulePage

from .records import DemoRecords

#: The demo programmes began this many days ago.
HISTORY_DAYS = 100
BATCH = 400


def _moment(rng: random.Random, day: date) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(8 + rng.randrange(10), rng.randrange(60)))
    )


def _steps(person, modules: list[VideoModulePage], records: DemoRecords, rng) -> list:
    """What completing the programme's e-learning records, in order: each step
    writes the viewing or the marked attempt and returns its statement."""
    steps = []
    for module in modules:
        ref = module.activity_ref()

        def watched(ts, module=module, ref=ref):
            records.video_watched(person, module, ts)
            return build.module_completed(
                staff_number=person.staff_number, module=ref, timestamp=ts
            )

        steps.append(watched)
        if module.quiz is not None:
            steps.append(
                lambda ts, quiz=module.quiz: records.quiz_passed(person, quiz, ts, rng)
            )
    return steps


def demo_history_build(*, seed: int, today: date | None = None) -> dict[str, int]:
    """Back-date the demo programmes and record a plausible learning history."""
    today = today or timezone.localdate()
    start = today - timedelta(days=HISTORY_DAYS)
    rng = random.Random(seed)
    for programme in Programme.objects.all():
        programme.start_date = start
        programme.save(update_fields=["start_date"])
        Assignment.objects.current().filter(programme=programme).update(
            assigned_on=start, due_on=programme.due_for(start)
        )
    modules = list(
        VideoModulePage.objects.live().select_related("quiz").order_by("path")
    )
    people = [
        a.person
        for a in Assignment.objects.current()
        .filter(programme__name="Op Crystal core")
        .select_related("person")
        .order_by("person__staff_number")
    ]
    records = DemoRecords()
    pending: list[dict] = []
    recorded = 0
    for person in people:
        steps = _steps(person, modules, records, rng)
        luck = rng.random()
        if luck < 0.55:
            count = len(steps)  # finished the e-learning
        elif luck < 0.85:
            count = rng.randrange(1, len(steps))  # part of the way
        else:
            count = 0  # not started
        day = start + timedelta(days=rng.randrange(0, HISTORY_DAYS - 10))
        for step in steps[:count]:
            day = min(today, day + timedelta(days=rng.randrange(0, 8)))
            pending.append(step(_moment(rng, day)))
        if len(pending) >= BATCH:
            records.save()
            recorded += statements_record(
                statements=pending, keep_existing=True
            ).created
            pending = []
    records.save()
    if pending:
        recorded += statements_record(statements=pending, keep_existing=True).created
    booked = _plan_briefings(today)
    rebuilt = snapshots_backfill(since=start, until=today)
    return {"statements": recorded, "snapshot_rows": rebuilt.rows, "booked": booked}


def _plan_briefings(today: date) -> int:
    """Plan and publish the supervisor briefings over the next four weeks, as a
    training manager would (the planner, under the abstraction policies)."""
    requirement = Requirement.objects.filter(
        programme__name="Op Crystal core", kind=Requirement.Kind.BRIEFING
    ).first()
    if requirement is None or DraftPlan.objects.filter(requirement=requirement):
        return 0
    plan = plan_create(
        requirement=requirement,
        starts_on=today + timedelta(days=3),
        ends_on=today + timedelta(days=31),
        template=SessionTemplate(
            start=time(10, 0), end=time(12, 0), venue="Headquarters", capacity=15
        ),
    )
    return plan_publish(plan=plan).booked
