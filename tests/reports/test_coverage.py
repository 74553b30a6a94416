"""The training manager's coverage: figures by area and team, forecast, trend
from snapshots (taken and rebuilt), abstraction per week, refusals."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import Assignment, Programme
from crystal_learning.programmes.selectors import requirement_states
from crystal_learning.programmes.services import assignments_sync
from crystal_learning.reports.abstraction_load import abstraction_load
from crystal_learning.reports.coverage import Counts, programme_coverage
from crystal_learning.reports.forecast import forecast
from crystal_learning.reports.models import CoverageSnapshot
from crystal_learning.reports.services import snapshot_take, snapshots_backfill
from crystal_learning.reports.trend import coverage_trend
from crystal_learning.scheduling.models import (
    AbstractionPolicy,
    Booking,
    TrainingSession,
)
from crystal_learning.scheduling.services import booking_create
from tests.helpers import sign_in
from tests.people.factories import PersonFactory
from tests.programmes.helpers import complete_everything, core
from tests.reports.helpers import progress_make
from tests.scheduling.factories import briefing

URL = "/reports/coverage/"


@pytest.fixture
def progress_made(constables):
    return progress_make()


def expected_by_team(programme: Programme) -> dict[int, Counter]:
    """The same figures the slow way: person by person, through the learner's
    own requirement states."""
    today = timezone.localdate()
    figures: dict[int, Counter] = {}
    for a in Assignment.objects.filter(
        programme=programme, ended_on__isnull=True, person__active=True
    ).select_related("person"):
        row = figures.setdefault(a.person.team_id, Counter())
        row["assigned"] += 1
        states = requirement_states(person=a.person, programme=programme)
        if a.completed_at:
            row["completed"] += 1
            continue
        if any(s.started for s in states):
            row["in_progress"] += 1
        if a.due_on < today:
            row["overdue"] += 1
        if a.person.bookings.filter(
            status="booked", session__date__gte=today, session__cancelled=False
        ).exists():
            row["booked"] += 1
    return figures


def test_figures_by_team_and_area_match_person_by_person(progress_made):
    report = programme_coverage(programme=core())
    expected = expected_by_team(core())
    assert {r.team.pk for r in report.teams} == set(expected)
    for row in report.teams:
        want = expected[row.team.pk]
        got = {k: getattr(row, k) for k in ("assigned", "completed", "booked")}
        got |= {"in_progress": row.in_progress, "overdue": row.overdue}
        assert got == {
            k: want[k]
            for k in ("assigned", "completed", "booked", "in_progress", "overdue")
        }, row.name
    assert report.total.completed == 9
    assert report.total.booked == len(
        {b.person_id for b in Booking.objects.filter(status="booked")}
    )
    assert report.total.booked >= 3
    assert report.total.assigned == sum(c["assigned"] for c in expected.values())
    # Areas add up their teams; the force adds up the areas.
    for area in report.areas:
        teams = [r for r in report.teams if r.area == area.team]
        assert area.assigned == sum(t.assigned for t in teams)
        assert area.overdue == sum(t.overdue for t in teams)
    assert sum(a.assigned for a in report.areas) == report.total.assigned


def test_the_page_shows_the_figures_a_manager_needs(client, progress_made):
    sign_in(client, "manager")
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    report = programme_coverage(programme=core())
    assert "Coverage: Op Crystal core" in page
    assert f"{report.total.completed} ({report.total.percent}%)" in page
    for area in report.areas:
        assert area.name in page
    assert "Forecast " in page or "Not at the current rate" in page
    assert 'id="coverage-chart-data"' in page
    assert "<script>" not in page  # no inline script: data as JSON only
    north = Team.objects.get(code="N-RESP-A").get_parent()
    page = client.get(URL, {"area": north.pk}).content.decode()
    assert "North Response Team A" in page
    assert (
        "South Response Team A" not in page.split("By team")[1].split("Abstraction")[0]
    )


def test_coverage_is_for_training_managers_only(client, constables):
    assert client.get(URL).status_code == 302
    for username in ("officer", "sergeant", "editor"):
        client.logout()
        sign_in(client, username)
        assert client.get(URL).status_code == 403, username
        assert client.get("/reports/abstraction/").status_code == 403, username


def test_bad_filters_are_refused_with_a_message(client, constables):
    sign_in(client, "manager")
    response = client.get(URL, {"area": "not-a-number"})
    assert response.status_code == 400
    assert "There is a problem with the filters" in response.content.decode()
    team = Team.objects.get(code="N-RESP-A")  # a team, not an area
    assert client.get(URL, {"area": team.pk}).status_code == 400
    response = client.get("/reports/abstraction/", {"weeks_from": "1999-01-01"})
    assert response.status_code == 400
    assert "Choose a week within 366 days of today." in response.content.decode()
    assert client.get("/reports/abstraction/", {"area": "x"}).status_code == 400
    assert client.get(URL, {"programme": 999999}).status_code == 400


def test_the_page_costs_the_same_queries_with_more_teams_and_people(client, constables):
    sign_in(client, "manager")
    session = briefing(capacity=20)
    sergeants = list(Person.objects.filter(rank="PS")[:6])
    booking_create(session=session, person=sergeants[0])
    snapshot_take()
    client.get(URL)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        seen.append([q["sql"][:150] for q in queries.captured_queries])
        return len(queries)

    seen: list = []
    before = count()
    north = Team.objects.get(code="N-RESP-A").get_parent()
    for n in range(5):
        team = north.add_child(name=f"New team {n}", code=f"NEW-{n}", kind="response")
        for _ in range(4):
            PersonFactory(team=team)
    assignments_sync()
    for sergeant in sergeants[1:]:
        booking_create(session=session, person=sergeant)
    for p in Person.objects.filter(team__code="NEW-1"):
        complete_everything(p)
    snapshot_take()
    after = count()
    import difflib

    assert after == before, "\n".join(difflib.unified_diff(seen[0], seen[1]))


# ------------------------------------------------------------------ forecast


def test_the_forecast_adds_the_plan_to_the_recent_rate():
    today = date(2026, 11, 26)
    total = Counts(assigned=100, completed=50, recent=28)  # 1 a day
    plan = {today + timedelta(days=10): 20}
    outlook = forecast(total=total, planned=plan, as_of=today)
    # 90 needs 40 more: 20 on day 10 plus one a day -> day 20.
    assert outlook.target_90 == today + timedelta(days=20)
    # 100 needs 30 at one a day besides the 20 booked -> day 30.
    assert outlook.target_100 == today + timedelta(days=30)
    assert outlook.rate_per_week == 7.0 and outlook.planned == 20
    stalled = forecast(total=Counts(assigned=10, completed=2), planned={}, as_of=today)
    assert stalled.target_90 is None and stalled.target_100 is None
    done = forecast(total=Counts(assigned=10, completed=10), planned={}, as_of=today)
    assert done.reached_90 and done.reached_100 and done.target_100 == today
    empty = forecast(total=Counts(), planned={}, as_of=today)
    assert empty.target_90 is None and not empty.reached_90


# ------------------------------------------------------------------ trend


def test_snapshots_are_taken_once_a_day_and_replaced(progress_made):
    today = timezone.localdate()
    rows = snapshot_take()
    assert rows == CoverageSnapshot.objects.filter(date=today).count() > 0
    assert snapshot_take() == rows  # replaced, not duplicated
    assert CoverageSnapshot.objects.filter(date=today).count() == rows
    live = programme_coverage(programme=core()).total
    saved = CoverageSnapshot.objects.filter(programme=core(), date=today)
    teams = saved.filter(level="team")
    assert sum(s.completed for s in teams) == live.completed
    assert sum(s.assigned for s in teams) == live.assigned
    # Each area and the force have their own row: the sums of their teams.
    force = saved.get(level="force")
    assert (force.assigned, force.completed) == (live.assigned, live.completed)
    report = programme_coverage(programme=core())
    areas = {s.team_id: s for s in saved.filter(level="area")}
    assert {a.team.pk: (a.assigned, a.overdue) for a in report.areas} == {
        pk: (s.assigned, s.overdue) for pk, s in areas.items()
    }


def test_the_backfill_rebuilds_the_trend_from_the_xapi_store(client, demo_site):
    start = date(2026, 8, 3)
    officers = list(
        Person.objects.filter(rank="PC", assignments__isnull=False)
        .distinct()
        .order_by("pk")[:12]
    )
    with freeze_time("2026-08-03 09:00"):
        Programme.objects.update(start_date=start)
        Assignment.objects.update(assigned_on=start, due_on=start + timedelta(weeks=8))
    # Completions dated in three different months, recorded as they happened.
    for when, people in (
        ("2026-08-20 10:00", officers[:2]),
        ("2026-09-15 10:00", officers[2:7]),
        ("2026-10-05 10:00", officers[7:12]),
    ):
        with freeze_time(when):
            for p in people:
                complete_everything(p)
    with freeze_time("2026-11-26 12:00"):
        snapshot_take()
        live = {
            (s.team_id, s.programme_id, s.level): (s.assigned, s.completed, s.overdue)
            for s in CoverageSnapshot.objects.all()
        }
        out = call_command_out("crystal_coverage_backfill", "--since", "2026-08-01")
        programmes = Programme.objects.count()  # core, roads, the refresher
        assert f"snapshot rows for {programmes} programme(s) over 118 days" in out
        # Long work says how far it has got, a programme at a time (issue 18.15).
        assert f"[1/{programmes}] " in out and f"[{programmes}/{programmes}] " in out
        rebuilt = {
            (s.team_id, s.programme_id, s.level): (s.assigned, s.completed, s.overdue)
            for s in CoverageSnapshot.objects.filter(date=date(2026, 11, 26))
        }
        # Rebuilding today from the record gives what the live job stored.
        assert rebuilt == live
        trend = coverage_trend(programme=core(), as_of=date(2026, 11, 26))
        assert [(p.month.month, p.completed) for p in trend] == [
            (8, 2),
            (9, 7),
            (10, 12),
            (11, 12),
        ]
        area = officers[0].team.get_parent()
        in_area = [p for p in officers if p.team.path.startswith(area.path)]
        by_area = coverage_trend(programme=core(), as_of=date(2026, 11, 26), area=area)
        assert by_area[-1].completed == len(in_area)
        overdue = CoverageSnapshot.objects.filter(
            programme=core(), date=date(2026, 9, 30), level="team"
        )
        assigned = sum(s.assigned for s in overdue)
        assert sum(s.overdue for s in overdue) == assigned - 7  # due 28 Sep
        sign_in(client, "manager")
        page = client.get(URL).content.decode()
        assert "September 2026" in page and "October 2026" in page


def call_command_out(*args) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_backfill_refuses_bad_arguments(db):
    with pytest.raises(CommandError, match="Not a date"):
        call_command("crystal_coverage_backfill", "--since", "yesterday")
    with pytest.raises(CommandError, match="There are no programmes"):
        call_command("crystal_coverage_backfill")
    with pytest.raises(CommandError, match="No programme named"):
        call_command("crystal_coverage_backfill", "--programme", "Nope")
    with pytest.raises(CommandError, match="is before --since"):
        call_command(
            "crystal_coverage_backfill",
            "--since",
            "2026-05-01",
            "--until",
            "2026-04-01",
        )


def test_the_backfill_counts_bookings_from_their_history(constables):
    today = timezone.localdate()
    session = briefing(capacity=10, on=today + timedelta(days=5))
    sergeant = Person.objects.filter(rank="PS", assignments__isnull=False).first()
    booking_create(session=session, person=sergeant)
    snapshots_backfill(since=today - timedelta(days=2), until=today)
    booked = CoverageSnapshot.objects.filter(programme=core(), date=today, level="team")
    assert sum(s.booked for s in booked) == 1
    before = CoverageSnapshot.objects.filter(
        programme=core(), date=today - timedelta(days=1), level="team"
    )
    assert sum(s.booked for s in before) == 0


# --------------------------------------------------------------- abstraction


def test_abstraction_per_team_per_week_against_the_cap(client, constables):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    team = Team.objects.get(code="N-RESP-A")
    AbstractionPolicy.objects.update_or_create(
        team=team, defaults={"cap_share": "0.10", "min_release": 1}
    )
    people = list(Person.objects.filter(team=team, active=True)[:3])
    session = TrainingSession.objects.create(
        kind=TrainingSession.Kind.ELEARNING,
        title="Protected e-learning",
        date=monday + timedelta(days=1),
        start=time(14, 0),
        end=time(15, 30),
        venue="Station",
        capacity=10,
    )
    for p in people:
        booking_create(session=session, person=p)
    weeks, loads = abstraction_load(start=today, weeks=3)
    load = next(x for x in loads if x.team.pk == team.pk)
    members = Person.objects.filter(team=team, active=True).count()
    assert load.members == members
    assert load.cap == max(1, members // 10)
    week = load.weeks[1]
    assert (week.week, week.people, week.hours, week.peak) == (monday, 3, 4.5, 3)
    assert week.over and load.over
    assert loads[0] == load  # teams over the cap first
    sign_in(client, "manager")
    assert 'data-testid="abstraction-link"' in client.get(URL).content.decode()
    page = client.get("/reports/abstraction/").content.decode()
    assert "Over cap" in page
    assert f"3 / {load.cap} on the busiest day; 3 people, 4.5 h" in page


def test_an_area_shows_its_own_headline_figures(client, progress_made):
    """Filtered to an area, the headline figures and the forecast are the
    area's, not the force's (issue 18.4); the areas list still has them all."""
    sign_in(client, "manager")
    programme = core()
    north = Team.objects.get(code="N-RESP-A").get_parent()
    force = programme_coverage(programme=programme)
    in_north = programme_coverage(programme=programme, area=north)
    (north_row,) = [a for a in force.areas if a.team and a.team.pk == north.pk]
    assert in_north.total.assigned == north_row.assigned < force.total.assigned
    assert in_north.total.completed == north_row.completed
    assert len(in_north.areas) == len(force.areas)

    page = client.get(URL, {"area": north.pk}).content.decode()
    summary = page.split('data-testid="summary"')[1].split("</dl>")[0]
    assigned = re.search(r"Assigned</dt>\s*<dd[^>]*>(\d+)</dd>", summary)
    assert int(assigned.group(1)) == north_row.assigned
