"""Build a national-scale dataset for the coverage benchmarks, fast.

    .venv/bin/python bench/make_scale_data.py --db sqlite
    .venv/bin/python bench/make_scale_data.py --db postgres
    .venv/bin/python bench/make_scale_data.py --db postgres --people 15000 --teams 300

A fresh database (bench/results/crystal_scale.sqlite3, or the PostgreSQL
database crystal_scale), migrated, with: the demo page tree (three modules,
three quizzes) and its two programmes; 30 areas and 3,000 teams; 150,000 people
(users, ranks, supervisors); assignments to both programmes from a start 120
days ago; a learning history (55% finished the e-learning, 30% part of the way,
15% nothing, on dates spread since the start) as xAPI statements with the
activity and agent index rows the store keeps, and the progress projection
they give; supervisor briefings (some attended, some booked ahead) with their
booking history; completions and their programme-completed statements; the
daily coverage snapshots rebuilt from it all (the backfill command's service),
and sign-ins for a training manager, a sergeant and an area inspector.

Rows go in by COPY on PostgreSQL and executemany on SQLite, in id order, with
every index in place. Each step prints its rows and seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HOMEPAGE, environment, fresh_database, manage  # noqa: E402

NAME = "crystal_scale"
PASSWORD = "crystal-bench"  # noqa: S105 - a throwaway benchmark database
START_DAYS_AGO = 120


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--people", type=int, default=150_000)
    parser.add_argument("--teams", type=int, default=3_000)
    parser.add_argument("--areas", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


class Loader:
    """Raw, ordered inserts: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.next_ids: dict[str, int] = {}

    def next_id(self, model) -> int:
        table = model._meta.db_table
        if table not in self.next_ids:
            with self.connection.cursor() as cursor:
                column = model._meta.pk.column
                sql = f"SELECT COALESCE(MAX({column}), 0) FROM {table}"  # noqa: S608
                cursor.execute(sql)
                self.next_ids[table] = cursor.fetchone()[0] + 1
        return self.next_ids[table]

    def ids(self, model, count: int) -> range:
        first = self.next_id(model)
        self.next_ids[model._meta.db_table] = first + count
        return range(first, first + count)

    def _adapt(self, value):
        kind = type(value)
        if kind is str or kind is int or kind is float or value is None:
            return value
        if self.postgres:
            if isinstance(value, dict | list):
                return json.dumps(value, separators=(",", ":"))
            return value
        if isinstance(value, dict | list):
            return json.dumps(value, separators=(",", ":"))
        if isinstance(value, uuid.UUID):
            return value.hex
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value

    def insert(self, model, columns: list[str], rows) -> int:
        """Insert an iterable of tuples (in `columns` order); returns the count.

        A NOT NULL field the caller does not list gets its model default, so a
        field added later (with a default) does not break the dataset."""
        table = model._meta.db_table
        extra = self._defaults(model, columns)
        if extra:
            columns = [*columns, *(name for name, _ in extra)]
            tail = tuple(value for _, value in extra)
            rows = (tuple(row) + tail for row in rows)
        names = ", ".join(self.connection.ops.quote_name(c) for c in columns)
        count = 0
        with self.connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([self._adapt(v) for v in row])
                        count += 1
            else:
                marks = ", ".join("?" * len(columns))
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
                batch = []
                for row in rows:
                    batch.append([self._adapt(v) for v in row])
                    if len(batch) == 20_000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count

    @staticmethod
    def _defaults(model, columns: list[str]) -> list[tuple[str, object]]:
        listed = set(columns)
        extra = []
        for field in model._meta.concrete_fields:
            if field.column in listed or field.primary_key or field.null:
                continue
            if not (field.has_default() or field.empty_strings_allowed):
                continue  # get_default() is "" for a text field without one
            default = field.get_default()
            if isinstance(default, datetime | date | uuid.UUID):
                continue  # per-row values (now, uuid4) stay the caller's to give
            extra.append((field.column, default))
        return extra

    def reset_sequences(self, *models) -> None:
        if not self.postgres:
            return
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def step(label: str):
    """Print how long a step took and how many rows it wrote."""

    class Timer:
        def __enter__(self):
            self.started = time.perf_counter()
            return self

        def __exit__(self, *exc):
            if exc[0] is None:
                seconds = time.perf_counter() - self.started
                rows = getattr(self, "rows", "")
                print(f"  {label:<44} {rows:>12,} rows {seconds:8.1f} s", flush=True)

    return Timer()


def build(args) -> None:  # one linear recipe
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from crystal_learning.demo.content import demo_pages_build
    from crystal_learning.demo.programmes import OPERATIONAL, demo_programmes_build
    from crystal_learning.people.models import Person, ShiftPattern, Team
    from crystal_learning.people.roles import LEARNER, SUPERVISOR, TRAINING_MANAGER
    from crystal_learning.people.services import force_root
    from crystal_learning.programmes.models import (
        Assignment,
        AssignmentEvent,
        Certificate,
        Programme,
        Requirement,
    )
    from crystal_learning.reports.services import snapshot_take, snapshots_backfill
    from crystal_learning.scheduling.models import (
        Booking,
        BookingEvent,
        TrainingSession,
    )
    from crystal_learning.xapi.activities import activity_iri
    from crystal_learning.xapi.agents import agent_key
    from crystal_learning.xapi.models import (
        Progress,
        Statement,
        StatementActivity,
        StatementAgent,
    )
    from crystal_learning.xapi.vocabulary import CONTENT_VERSION, ActivityType, Verb

    User = get_user_model()
    rng = random.Random(args.seed)
    loader = Loader()
    today = date.today()
    start = today - timedelta(days=START_DAYS_AGO)
    now = datetime.now(UTC)
    totals: dict[str, int] = {}

    with step("pages, media and the two programmes") as s:
        demo_pages_build()
        demo_programmes_build(start=start)  # nobody exists yet: assigns nobody
        s.rows = Programme.objects.count()
    core = Programme.objects.get(name="Op Crystal core")
    roads = Programme.objects.get(name="Op Crystal: roads policing")
    requirements = {
        p.pk: list(
            p.requirements.select_related("module", "quiz").order_by("sort_order")
        )
        for p in (core, roads)
    }

    with step("force, areas and teams") as s, transaction.atomic():
        root = force_root()
        pattern, _ = ShiftPattern.objects.get_or_create(
            name="Response 10-day", defaults={"codes": "E,E,L,L,N,N,R,R,R,R"}
        )
        kinds = (
            [Team.Kind.RESPONSE] * 40
            + [Team.Kind.NEIGHBOURHOOD] * 25
            + [Team.Kind.ROADS_POLICING] * 10
            + [Team.Kind.CID_SAFEGUARDING] * 10
            + [Team.Kind.CONTROL_ROOM] * 5
            + [Team.Kind.STAFF] * 10
        )
        team_ids = loader.ids(Team, args.areas + args.teams)
        rows = []
        areas = []  # (id, path)
        per_area = -(-args.teams // args.areas)
        teams = []  # (id, kind)
        for a in range(args.areas):
            area_id = team_ids[a]
            area_path = Team._get_path(root.path, 2, a + 1)
            areas.append((area_id, area_path))
            children = min(per_area, args.teams - a * per_area)
            rows.append(
                (
                    area_id,
                    area_path,
                    2,
                    children,
                    f"Area {a + 1:02d}",
                    f"A{a + 1:02d}",
                    Team.Kind.AREA,
                    None,
                    0,
                )
            )
            for t in range(children):
                number = a * per_area + t
                kind = kinds[(number * 37) % len(kinds)]  # spread the kinds
                team_id = team_ids[args.areas + number]
                teams.append((team_id, kind, area_id))
                rows.append(
                    (
                        team_id,
                        Team._get_path(area_path, 3, t + 1),
                        3,
                        0,
                        f"Area {a + 1:02d} {kind.label} {t + 1:03d}",
                        f"A{a + 1:02d}-T{t + 1:03d}",
                        kind,
                        pattern.pk if kind == Team.Kind.RESPONSE else None,
                        (t % 5) * 2,
                    )
                )
        s.rows = loader.insert(
            Team,
            [
                "id",
                "path",
                "depth",
                "numchild",
                "name",
                "code",
                "kind",
                "shift_pattern_id",
                "shift_offset",
            ],
            rows,
        )
        Team.objects.filter(pk=root.pk).update(numchild=args.areas)
        loader.reset_sequences(Team)

    with step("users and people") as s, transaction.atomic():
        sizes = [rng.randint(30, 70) for _ in teams]
        scale = args.people / sum(sizes)
        sizes = [max(5, round(size * scale)) for size in sizes]
        people = []  # (person_id, team_id, kind, area_id, rank, staff_number)
        count = sum(sizes)
        user_ids = loader.ids(User, count)
        person_ids = loader.ids(Person, count)
        index = 0
        for (team_id, kind, area_id), size in zip(teams, sizes, strict=True):
            for n in range(size):
                if kind == Team.Kind.STAFF:
                    rank = Person.Rank.STAFF
                elif n == 0 or (n == 1 and rng.random() < 0.5):
                    rank = Person.Rank.SERGEANT
                elif n == 2 and rng.random() < 0.2:
                    rank = Person.Rank.INSPECTOR
                else:
                    rank = rng.choice([Person.Rank.CONSTABLE] * 18 + [Person.Rank.PCSO])
                people.append(
                    (person_ids[index], team_id, kind, area_id, rank, f"N{index:07d}")
                )
                index += 1
        joined = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
        users = loader.insert(
            User,
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            (
                (
                    user_ids[i],
                    "!unusable",
                    False,
                    p[5].lower(),
                    "",
                    "",
                    f"{p[5].lower()}@example.police.uk",
                    False,
                    True,
                    joined,
                )
                for i, p in enumerate(people)
            ),
        )
        persons = loader.insert(
            Person,
            [
                "id",
                "user_id",
                "staff_number",
                "display_name",
                "email",
                "rank",
                "role",
                "team_id",
                "active",
                "reminders_off_duty",
                "language",
                "created_at",
                "updated_at",
            ],
            (
                (
                    p[0],
                    user_ids[i],
                    p[5],
                    f"Officer {p[5]}",
                    f"{p[5].lower()}@example.police.uk",
                    p[4],
                    "",
                    p[1],
                    True,
                    False,
                    "",
                    joined,
                    joined,
                )
                for i, p in enumerate(people)
            ),
        )
        learner = Group.objects.get(name=LEARNER)
        Membership = User.groups.through
        loader.insert(
            Membership,
            ["user_id", "group_id"],
            ((user_id, learner.pk) for user_id in user_ids),
        )
        # Each team's first sergeant supervises it.
        Supervises = Person.supervises.through
        first = {}
        for p in people:
            if p[4] == Person.Rank.SERGEANT:
                first.setdefault(p[1], p[0])
        loader.insert(
            Supervises,
            ["person_id", "team_id"],
            ((person_id, team_id) for team_id, person_id in first.items()),
        )
        loader.reset_sequences(User, Person)
        s.rows = users + persons
    totals["people"] = len(people)

    with step("sign-ins: manager, sergeant, inspector") as s, transaction.atomic():
        manager_group = Group.objects.get(name=TRAINING_MANAGER)
        supervisor_group = Group.objects.get(name=SUPERVISOR)
        staff_team = next(t for t in teams if t[1] == Team.Kind.STAFF)[0]
        manager = User.objects.create_user("manager", password=PASSWORD)
        manager.groups.add(learner, manager_group)
        Person.objects.create(
            user=manager,
            staff_number="BENCH-M",
            display_name="Bench Manager",
            rank=Person.Rank.STAFF,
            team_id=staff_team,
        )
        sergeant_id = first[teams[0][0]]
        sergeant = Person.objects.get(pk=sergeant_id)
        sergeant.user.username = "sergeant"
        sergeant.user.set_password(PASSWORD)
        sergeant.user.save()
        sergeant.user.groups.add(supervisor_group)
        inspector_user = User.objects.create_user("inspector", password=PASSWORD)
        inspector_user.groups.add(learner, supervisor_group)
        inspector = Person.objects.create(
            user=inspector_user,
            staff_number="BENCH-I",
            display_name="Bench Inspector",
            rank=Person.Rank.INSPECTOR,
            team_id=areas[0][0],
        )
        inspector.supervises.set([areas[0][0]])
        s.rows = 3

    # ------------------------------------------------------------ history
    operational = set(OPERATIONAL)
    due = core.due_for(start)
    core_reqs, roads_reqs = requirements[core.pk], requirements[roads.pk]
    elearning = [r for r in core_reqs if r.kind != Requirement.Kind.BRIEFING]
    briefing = next(r for r in core_reqs if r.kind == Requirement.Kind.BRIEFING)
    tiles = {
        r.activity_id: activity_iri(
            "tile", (r.module or r.quiz).get_parent().translation_key
        )
        for r in elearning
    }
    versions = {
        r.activity_id: str((r.module or r.quiz).content_version) for r in elearning
    }
    authority = {
        "objectType": "Agent",
        "account": {"homePage": f"{HOMEPAGE}/lrs-clients", "name": "crystal"},
    }
    authority_key = agent_key(authority)

    def moment(day: date) -> datetime:
        return datetime(
            day.year,
            day.month,
            day.day,
            8 + rng.randrange(10),
            rng.randrange(60),
            rng.randrange(60),
            tzinfo=UTC,
        )

    def actor(number: str) -> dict:
        return {
            "objectType": "Agent",
            "account": {"homePage": HOMEPAGE, "name": number},
        }

    # Who did what, when: e-learning steps, briefing attendance.
    plan = []  # (person tuple, [(activity_id, kind, when)], briefing state)
    sessions_past, sessions_ahead = [], []
    for p in people:
        if p[2] not in operational:
            continue
        luck = rng.random()
        if luck < 0.55:
            count = len(elearning)
        elif luck < 0.85:
            count = rng.randrange(1, len(elearning))
        else:
            count = 0
        day = start + timedelta(days=rng.randrange(0, START_DAYS_AGO - 10))
        done = []
        for requirement in elearning[:count]:
            day = min(today, day + timedelta(days=rng.randrange(0, 6)))
            done.append((requirement.activity_id, requirement.kind, moment(day)))
        brief = None
        if p[4] in (Person.Rank.SERGEANT, Person.Rank.INSPECTOR):
            roll = rng.random()
            brief = "attended" if roll < 0.3 else ("booked" if roll < 0.7 else None)
        plan.append((p, done, brief))

    with step("briefing sessions") as s, transaction.atomic():
        venues = [f"Area {a + 1:02d} HQ" for a in range(args.areas)]
        session_rows = []
        ids = loader.ids(TrainingSession, 2 * 40 * len(venues))
        n = 0
        for offset in list(range(-40, 0)) + list(range(3, 43)):
            day = today + timedelta(days=offset)
            for venue in venues:
                session_rows.append(
                    (
                        ids[n],
                        uuid.uuid4(),
                        TrainingSession.Kind.BRIEFING,
                        "Op Crystal supervisor briefing",
                        briefing.pk,
                        day,
                        "10:00",
                        "12:00",
                        venue,
                        15,
                        False,
                        "",
                    )
                )
                (sessions_past if offset < 0 else sessions_ahead).append((ids[n], day))
                n += 1
        s.rows = loader.insert(
            TrainingSession,
            [
                "id",
                "uuid",
                "kind",
                "title",
                "requirement_id",
                "date",
                "start",
                "end",
                "venue",
                "capacity",
                "cancelled",
                "audience_ranks",
            ],
            session_rows,
        )
        loader.reset_sequences(TrainingSession)

    statement_ids = iter(loader.ids(Statement, 40 * len(people)))
    statements, activity_rows, agent_rows, progress_rows = [], [], [], []
    assignments, events, certificates = [], [], []
    bookings, booking_events = [], []
    assignment_ids = iter(loader.ids(Assignment, 2 * len(people)))
    booking_ids = iter(loader.ids(Booking, len(people)))
    progress_ids = iter(loader.ids(Progress, 10 * len(people)))

    def record(
        number,
        person_id,
        verb,
        activity,
        when,
        result=None,
        parent=None,
        version=None,
        registration=None,
    ):
        seq = next(statement_ids)
        payload = {
            "id": str(uuid.uuid4()),
            "actor": actor(number),
            "verb": {"id": verb, "display": {"en": Verb.DISPLAY.get(verb, "")}},
            "object": {"objectType": "Activity", "id": activity},
            "timestamp": when.isoformat(),
            "stored": when.isoformat(),
            "authority": authority,
            "version": "1.0.3",
        }
        context = {}
        if parent:
            context["contextActivities"] = {"parent": [{"id": parent}]}
        if version:
            context["extensions"] = {CONTENT_VERSION: version}
        if registration:
            context["registration"] = registration
        if context:
            payload["context"] = context
        if result:
            payload["result"] = result
        statements.append(
            (
                seq,
                payload["id"],
                agent_key(payload["actor"]),
                person_id,
                verb,
                "Activity",
                activity,
                "",
                None,
                registration,
                when,
                when,
                False,
                None,
                payload,
            )
        )
        activity_rows.append((seq, activity))
        if parent:
            activity_rows.append((seq, parent))
        agent_rows.append((seq, statements[-1][2]))
        agent_rows.append((seq, authority_key))

    def flush() -> None:
        totals["statements"] = totals.get("statements", 0) + loader.insert(
            Statement,
            [
                "seq",
                "statement_id",
                "actor_key",
                "person_id",
                "verb_id",
                "object_type",
                "activity_id",
                "object_agent_key",
                "object_statement_id",
                "registration",
                "timestamp",
                "stored",
                "voided",
                "client_id",
                "payload",
            ],
            statements,
        )
        loader.insert(StatementActivity, ["statement_id", "activity_id"], activity_rows)
        loader.insert(StatementAgent, ["statement_id", "agent_key"], agent_rows)
        statements.clear()
        activity_rows.clear()
        agent_rows.clear()

    place_past = iter(sessions_past * 15)
    place_ahead = iter(sessions_ahead * 15)
    with step("statements, projection, bookings, completions") as s:
        with transaction.atomic():
            for p, done, brief in plan:
                person_id, team_id, kind, _area, rank, number = p
                met = {}
                for activity, req_kind, when in done:
                    parent = tiles[activity]
                    version = versions[activity]
                    if req_kind == Requirement.Kind.MODULE:
                        video = activity + "/video"
                        for verb in (Verb.INITIALIZED, Verb.PLAYED, Verb.COMPLETED):
                            record(
                                number, person_id, verb, video, when, parent=activity
                            )
                        record(
                            number,
                            person_id,
                            Verb.COMPLETED,
                            activity,
                            when,
                            result={"completion": True},
                            parent=parent,
                            version=version,
                        )
                        status = Progress.Status.COMPLETED
                    else:
                        registration = str(uuid.uuid4())
                        record(
                            number,
                            person_id,
                            Verb.ATTEMPTED,
                            activity,
                            when,
                            parent=parent,
                            version=version,
                            registration=registration,
                        )
                        for q in range(5):
                            record(
                                number,
                                person_id,
                                Verb.ANSWERED,
                                f"{activity}/q{q}",
                                when,
                                result={"success": True},
                                parent=activity,
                                registration=registration,
                            )
                        record(
                            number,
                            person_id,
                            Verb.PASSED,
                            activity,
                            when,
                            result={"success": True, "score": {"scaled": 0.9}},
                            parent=parent,
                            version=version,
                            registration=registration,
                        )
                        status = Progress.Status.PASSED
                    met[activity] = when
                    progress_rows.append(
                        (
                            next(progress_ids),
                            person_id,
                            activity,
                            ActivityType.MODULE
                            if req_kind == Requirement.Kind.MODULE
                            else ActivityType.ASSESSMENT,
                            status,
                            1.0,
                            0.9 if status == Progress.Status.PASSED else None,
                            1 if status == Progress.Status.PASSED else 0,
                            when,
                            when,
                            when,
                            version,
                        )
                    )
                if brief == "attended":
                    session_id, day = next(place_past)
                    when = moment(day)
                    record(number, person_id, Verb.ATTENDED, briefing.activity_id, when)
                    met[briefing.activity_id] = when
                    progress_rows.append(
                        (
                            next(progress_ids),
                            person_id,
                            briefing.activity_id,
                            ActivityType.MEETING,
                            Progress.Status.COMPLETED,
                            1.0,
                            None,
                            0,
                            when,
                            when,
                            when,
                            "",
                        )
                    )
                    booking = next(booking_ids)
                    bookings.append(
                        (
                            booking,
                            uuid.uuid4(),
                            session_id,
                            person_id,
                            Booking.Status.ATTENDED,
                            when - timedelta(days=20),
                        )
                    )
                    booking_events.append(
                        (booking, Booking.Status.BOOKED, when - timedelta(days=20), "")
                    )
                    booking_events.append((booking, Booking.Status.ATTENDED, when, ""))
                elif brief == "booked":
                    session_id, day = next(place_ahead)
                    booking = next(booking_ids)
                    booked_at = now - timedelta(days=rng.randrange(1, 20))
                    bookings.append(
                        (
                            booking,
                            uuid.uuid4(),
                            session_id,
                            person_id,
                            Booking.Status.BOOKED,
                            booked_at,
                        )
                    )
                    booking_events.append(
                        (booking, Booking.Status.BOOKED, booked_at, "")
                    )
                # Assignments, and completion when every applicable requirement is met.
                programmes = [(core, core_reqs)]
                if kind == Team.Kind.ROADS_POLICING:
                    programmes.append((roads, roads_reqs))
                for programme, reqs in programmes:
                    applicable = [r for r in reqs if not r.ranks or rank in r.ranks]
                    needed = [r.activity_id for r in applicable]
                    completed = None
                    if all(a in met for a in needed):
                        completed = max(met[a] for a in needed)
                    assignment = next(assignment_ids)
                    assignments.append(
                        (
                            assignment,
                            programme.pk,
                            person_id,
                            start,
                            due,
                            None,
                            completed,
                        )
                    )
                    events.append(
                        (
                            assignment,
                            AssignmentEvent.Kind.ASSIGNED,
                            datetime.combine(start, datetime.min.time(), tzinfo=UTC),
                            {},
                        )
                    )
                    if completed:
                        record(
                            number,
                            person_id,
                            Verb.COMPLETED,
                            programme.activity_id,
                            completed,
                            result={"completion": True},
                            version=str(assignment),
                        )
                        events.append(
                            (assignment, AssignmentEvent.Kind.COMPLETED, completed, {})
                        )
                        certificates.append(
                            (
                                uuid.uuid4(),
                                assignment,
                                person_id,
                                programme.pk,
                                completed,
                                [],
                                None,
                            )
                        )
                if len(statements) > 50_000:
                    flush()
            flush()
        with transaction.atomic():
            loader.insert(
                Progress,
                [
                    "id",
                    "person_id",
                    "activity_id",
                    "activity_type",
                    "status",
                    "progress",
                    "best_score",
                    "attempts",
                    "first_seen",
                    "last_seen",
                    "completed_at",
                    "content_version",
                ],
                progress_rows,
            )
            loader.insert(
                Assignment,
                [
                    "id",
                    "programme_id",
                    "person_id",
                    "assigned_on",
                    "due_on",
                    "ended_on",
                    "completed_at",
                ],
                assignments,
            )
            loader.insert(
                AssignmentEvent, ["assignment_id", "kind", "at", "detail"], events
            )
            loader.insert(
                Certificate,
                [
                    "uuid",
                    "assignment_id",
                    "person_id",
                    "programme_id",
                    "completed_at",
                    "versions",
                    "superseded_at",
                ],
                certificates,
            )
            loader.insert(
                Booking,
                ["id", "uuid", "session_id", "person_id", "status", "created_at"],
                bookings,
            )
            loader.insert(
                BookingEvent, ["booking_id", "status", "at", "note"], booking_events
            )
            loader.reset_sequences(Statement, Progress, Assignment, Booking)
        s.rows = totals["statements"]
    totals.update(
        progress=len(progress_rows),
        assignments=len(assignments),
        bookings=len(bookings),
    )
    print(f"  ({totals})", flush=True)

    with step("daily snapshots, rebuilt from the record") as s:
        s.rows = snapshots_backfill(since=start, until=today).rows
        snapshot_take(on=today)
    if loader.postgres:
        with step("ANALYZE") as s, loader.connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            s.rows = 0


def main() -> None:
    args = parse()
    started = time.perf_counter()
    env = environment(args.db, NAME)
    fresh_database(args.db, NAME)
    print(f"{args.db}: migrating a fresh {NAME} ...", flush=True)
    manage(env, "migrate", "--no-input")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A throwaway build: no journal, no fsync, a large page cache (a WAL
            # grows by gigabytes under one big transaction of index inserts).
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")
    build(args)
    print(f"done in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
