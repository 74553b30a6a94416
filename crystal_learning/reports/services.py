"""Writes for reports: the daily coverage snapshots, taken and rebuilt."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from crystal_learning.programmes.models import Assignment, Programme
from crystal_learning.programmes.querysets import overdue_from
from crystal_learning.scheduling.models import Booking, BookingEvent
from crystal_learning.xapi.agents import is_platform_statement
from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.projection import version_number
from crystal_learning.xapi.vocabulary import CONTENT_VERSION, Verb

from .coverage import Counts, TeamTree, requirements_of, rollup, team_counts
from .models import CoverageSnapshot

METRICS = ("assigned", "completed", "in_progress", "booked", "overdue")
BATCH = 5000


def _rollup_rows(programme, day: date, counts: dict[int, Counts], tree: TeamTree):
    """(team id, level, Counts) for each area and the force."""
    coverage = rollup(programme=programme, as_of=day, counts=counts, tree=tree)
    for area in coverage.areas:
        if area.team is not None:
            yield area.team.pk, CoverageSnapshot.Level.AREA, area
    if tree.root is not None and counts:
        yield tree.root.pk, CoverageSnapshot.Level.FORCE, coverage.total


def _snapshot(programme, team_id, level, day, counts: Counts) -> CoverageSnapshot:
    return CoverageSnapshot(
        programme=programme,
        team_id=team_id,
        level=level,
        date=day,
        **{name: getattr(counts, name) for name in METRICS},
    )


def snapshot_take(*, on: date | None = None) -> int:
    """Store (or replace) every active programme's coverage by team for `on`.

    Run hourly by django-q2, so the day's last run is the day's snapshot.
    """
    on = on or timezone.localdate()
    rows = []
    tree = None
    programmes = list(Programme.objects.filter(active=True))
    for programme in programmes:
        activity_ids = [r.activity_id for r in requirements_of(programme)]
        counts = team_counts(programme=programme, as_of=on, activity_ids=activity_ids)
        rows.extend(
            _snapshot(programme, team_id, CoverageSnapshot.Level.TEAM, on, count)
            for team_id, count in counts.items()
        )
        tree = tree or TeamTree()
        rows.extend(
            _snapshot(programme, team_id, level, on, count)
            for team_id, level, count in _rollup_rows(programme, on, counts, tree)
        )
    with transaction.atomic():
        CoverageSnapshot.objects.filter(date=on, programme__in=programmes).delete()
        CoverageSnapshot.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


@dataclass
class Backfilled:
    programmes: int = 0
    days: int = 0
    rows: int = 0


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


class _Changes:
    """Per team, metric and day: how much each count changes (a difference
    array), summed forward into daily counts."""

    def __init__(self, since: date, until: date):
        self.since, self.until = since, until
        self.delta: dict[int, dict[date, Counts]] = defaultdict(
            lambda: defaultdict(Counts)
        )

    def interval(self, team: int, metric: str, start: date, end: date | None) -> None:
        """Count one person in `metric` on days start <= day < end."""
        start = max(start, self.since)
        end = min(end or date.max, self.until + timedelta(days=1))
        if start >= end:
            return
        cell = self.delta[team]
        setattr(cell[start], metric, getattr(cell[start], metric) + 1)
        if end <= self.until:
            setattr(cell[end], metric, getattr(cell[end], metric) - 1)

    def daily(self) -> dict[date, dict[int, Counts]]:
        """Day -> team -> Counts, for the days on which the team had anyone."""
        days = (self.until - self.since).days + 1
        by_day: dict[date, dict[int, Counts]] = defaultdict(dict)
        for team, changes in self.delta.items():
            running = Counts()
            for offset in range(days):
                day = self.since + timedelta(days=offset)
                if day in changes:
                    running.add(changes[day])
                if running.assigned:
                    copy = Counts()
                    copy.add(running)
                    by_day[day][team] = copy
        return by_day


def _completions(programme: Programme) -> tuple[dict[int, date], dict[int, list]]:
    """Completion days from the xAPI store: by assignment (each completion
    statement names its assignment as the version) and by person (fallback)."""
    by_assignment: dict[int, date] = {}
    by_person: dict[int, list[date]] = defaultdict(list)
    statements = Statement.objects.filter(
        verb_id=Verb.COMPLETED,
        activity_id=programme.activity_id,
        voided=False,
        person__isnull=False,
    ).values_list("person_id", "timestamp", "payload")
    for person_id, timestamp, payload in statements.iterator(chunk_size=BATCH):
        if not is_platform_statement(payload):
            continue  # only the platform completes a programme
        day = _day(timestamp)
        extensions = (payload.get("context") or {}).get("extensions") or {}
        if key := version_number(extensions.get(CONTENT_VERSION)):
            by_assignment[key] = min(day, by_assignment.get(key, day))
        by_person[person_id].append(day)
    for days in by_person.values():
        days.sort()
    return by_assignment, by_person


def _booking_intervals(programme: Programme) -> dict[int, list[tuple[date, date]]]:
    """When each person held a booked place on one of the programme's sessions:
    from the booking event to the next status change or the session day."""
    intervals: dict[int, list[tuple[date, date]]] = defaultdict(list)
    events = (
        BookingEvent.objects.filter(booking__session__requirement__programme=programme)
        .order_by("booking_id", "at", "pk")
        .values_list(
            "booking_id", "booking__person_id", "booking__session__date", "status", "at"
        )
    )
    current: dict[int, tuple[int, date, date]] = {}
    for booking_id, person_id, session_day, status, at in events.iterator(
        chunk_size=BATCH
    ):
        held = current.pop(booking_id, None)
        if held is not None:
            intervals[held[0]].append((held[1], min(_day(at), held[2])))
        if status == Booking.Status.BOOKED:
            current[booking_id] = (person_id, _day(at), session_day + timedelta(days=1))
    for person_id, start, end in current.values():
        intervals[person_id].append((start, end))
    return intervals


def snapshots_backfill(
    *,
    since: date,
    until: date | None = None,
    programme: Programme | None = None,
    progress: Callable[[Programme, int, int, int], None] | None = None,
) -> Backfilled:
    """Rebuild the daily snapshots from `since` to `until` from the record: the
    completion statements in the xAPI store, the first progress in the
    projection, the assignment and booking histories. `progress` hears of each
    programme done: (programme, its rows, how many done, how many in all)."""
    until = until or timezone.localdate()
    if until < since:
        raise ValueError("The backfill ends before it starts.")
    programmes = [programme] if programme else list(Programme.objects.all())
    result = Backfilled(days=(until - since).days + 1)
    for item in programmes:
        rows = _backfill_programme(item, since, until)
        result.rows += rows
        result.programmes += 1
        if progress is not None:
            progress(item, rows, result.programmes, len(programmes))
    return result


def _backfill_programme(programme: Programme, since: date, until: date) -> int:
    activity_ids = [r.activity_id for r in requirements_of(programme)]
    by_assignment, by_person = _completions(programme)
    started = dict(
        Progress.objects.filter(activity_id__in=activity_ids, first_seen__isnull=False)
        .exclude(status=Progress.Status.NOT_STARTED)
        .values("person_id")
        .annotate(first=Min("first_seen"))
        .values_list("person_id", "first")
    )
    bookings = _booking_intervals(programme)
    changes = _Changes(since, until)
    assignments = Assignment.objects.filter(programme=programme).values_list(
        "pk", "person_id", "person__team_id", "assigned_on", "ended_on", "due_on"
    )
    for pk, person_id, team, assigned_on, ended_on, due_on in assignments.iterator(
        chunk_size=BATCH
    ):
        done = by_assignment.get(pk) or next(
            (d for d in by_person.get(person_id, []) if d >= assigned_on), None
        )
        if done is not None:
            done = max(done, assigned_on)
        open_until = min(d for d in (done, ended_on, date.max) if d is not None)
        changes.interval(team, "assigned", assigned_on, ended_on)
        if done is not None:
            changes.interval(team, "completed", done, ended_on)
        overdue = overdue_from(due_on=due_on, programme_active=programme.active)
        if overdue is not None:
            changes.interval(team, "overdue", overdue, open_until)
        if person_id in started:
            first = max(_day(started[person_id]), assigned_on)
            changes.interval(team, "in_progress", first, open_until)
        for start, end in bookings.get(person_id, []):
            changes.interval(
                team, "booked", max(start, assigned_on), min(end, open_until)
            )
    with transaction.atomic():
        CoverageSnapshot.objects.filter(
            programme=programme, date__gte=since, date__lte=until
        ).delete()
        batch, written = [], 0
        tree = TeamTree()
        for day, teams in sorted(changes.daily().items()):
            for team, counts in teams.items():
                batch.append(
                    _snapshot(programme, team, CoverageSnapshot.Level.TEAM, day, counts)
                )
            for team, level, counts in _rollup_rows(programme, day, teams, tree):
                batch.append(_snapshot(programme, team, level, day, counts))
            if len(batch) >= BATCH:
                CoverageSnapshot.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        CoverageSnapshot.objects.bulk_create(batch)
        written += len(batch)
    return written
