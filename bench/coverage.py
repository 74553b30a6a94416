"""Server time of the coverage dashboards at national scale, and the ratio to a
hand-written SQL GROUP BY producing the same numbers, in the same process.

    .venv/bin/python bench/make_scale_data.py --db postgres     # once
    .venv/bin/python bench/coverage.py --db postgres --runs 15

Production settings, the dataset of make_scale_data.py. Each page is requested
through Django's test client (middleware, session, view, selectors, template:
everything but the socket), once to warm up and then --runs times; the figure is
the median (and the slowest). The hand-written SQL is one statement with
conditional counts and EXISTS sub-queries, grouped by team; the script checks
that it gives exactly the numbers the page's selector gives before timing it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import environment, manage, timed  # noqa: E402
from make_scale_data import NAME  # noqa: E402

TARGET_MS = 500
TARGET_RATIO = 1.2  # issue 21.4 (issue 8 asked 1.5)

HAND_WRITTEN = """
SELECT p.team_id,
       COUNT(*),
       SUM(CASE WHEN a.completed_at IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.completed_at IS NULL AND EXISTS (
             SELECT 1 FROM crystal_xapi_progress g
              WHERE g.person_id = a.person_id
                AND g.activity_id IN ({activities})
                AND g.status <> 'not_started') THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.completed_at IS NULL AND EXISTS (
             SELECT 1 FROM crystal_scheduling_booking b
               JOIN crystal_scheduling_trainingsession s ON s.id = b.session_id
               JOIN crystal_programmes_requirement r ON r.id = s.requirement_id
              WHERE b.person_id = a.person_id AND b.status = 'booked'
                AND r.programme_id = %s AND s.date >= %s
                AND NOT s.cancelled) THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.completed_at IS NULL AND a.due_on < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.completed_at >= %s THEN 1 ELSE 0 END)
  FROM crystal_programmes_assignment a
  JOIN crystal_people_person p ON p.id = a.person_id
 WHERE a.programme_id = %s AND a.ended_on IS NULL AND p.active
 GROUP BY p.team_id
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = environment(args.db, NAME)
    env["ALLOWED_HOSTS"] = "testserver"
    env["SECURE_SSL_REDIRECT"] = "false"
    manage(env, "collectstatic", "--no-input")  # production serves hashed names
    os.environ.update(env)
    # The site as gunicorn loads it (django.setup(), then gc.freeze()).
    importlib.import_module("crystal_learning.wsgi")
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from crystal_learning.people.models import Person
    from crystal_learning.programmes.models import Assignment, Programme
    from crystal_learning.reports.coverage import programme_coverage, requirements_of
    from crystal_learning.reports.forecast import RATE_WINDOW_DAYS

    User = get_user_model()
    programme = Programme.objects.get(name="Op Crystal core")
    today = timezone.localdate()
    people = Person.objects.count()
    teams = Person.objects.values("team").distinct().count()
    assignments = Assignment.objects.filter(ended_on__isnull=True).count()
    from crystal_learning.xapi.models import Statement

    statements = Statement.objects.count()
    print(
        f"{args.db}: {people:,} people in {teams:,} teams, {assignments:,} "
        f"assignments, {statements:,} statements",
        flush=True,
    )

    activities = [r.activity_id for r in requirements_of(programme)]
    since = timezone.make_aware(
        datetime.combine(today - timedelta(days=RATE_WINDOW_DAYS), datetime.min.time())
    )
    sql = HAND_WRITTEN.format(activities=", ".join(["%s"] * len(activities)))
    params = [*activities, programme.pk, today, today, since, programme.pk]

    def hand_written():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    # Same numbers as the page's selector, team by team.
    by_sql = {row[0]: tuple(int(v or 0) for v in row[1:]) for row in hand_written()}
    report = programme_coverage(programme=programme, as_of=today)
    by_page = {
        row.team.pk: (
            row.assigned,
            row.completed,
            row.in_progress,
            row.booked,
            row.overdue,
            row.recent,
        )
        for row in report.teams
    }
    assert by_sql == by_page, "the hand-written SQL and the selector disagree"
    print(
        f"  same numbers: {len(by_sql):,} teams, {report.total.assigned:,} assigned, "
        f"{report.total.completed:,} completed, {report.total.booked:,} booked, "
        f"{report.total.overdue:,} overdue",
        flush=True,
    )

    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    def page(client: Client, url: str):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    manager, sergeant, inspector = (
        client_for(name) for name in ("manager", "sergeant", "inspector")
    )
    sql_ms, sql_max = timed(hand_written, args.runs)
    selector_ms, _ = timed(
        lambda: programme_coverage(programme=programme, as_of=today), args.runs
    )
    rows = [("hand-written SQL GROUP BY", sql_ms, sql_max)]
    rows.append(("coverage selector", selector_ms, None))
    for label, client, url in (
        ("coverage page (manager)", manager, "/reports/coverage/"),
        (
            "coverage page, one area",
            manager,
            f"/reports/coverage/?programme={programme.pk}&area="
            + str(Person.objects.get(staff_number="BENCH-I").supervises.get().pk),
        ),
        ("abstraction page (manager)", manager, "/reports/abstraction/"),
        ("my teams (sergeant, 1 team)", sergeant, "/reports/my-teams/"),
        ("my teams (inspector, 1 area)", inspector, "/reports/my-teams/"),
    ):
        median, worst = timed(page(client, url), args.runs)
        rows.append((label, median, worst))
    print(f"  {'what':<34} {'median ms':>10} {'max ms':>8} {'/ SQL':>6}")
    for label, median, worst in rows:
        worst_text = f"{worst:8.0f}" if worst is not None else f"{'':>8}"
        print(f"  {label:<34} {median:10.0f} {worst_text} {median / sql_ms:6.2f}")
    coverage_ms = rows[2][1]
    print(
        f"  targets: coverage page <= {TARGET_MS} ms "
        f"({'met' if coverage_ms <= TARGET_MS else 'NOT met'}), "
        f"ratio <= {TARGET_RATIO} "
        f"({'met' if coverage_ms / sql_ms <= TARGET_RATIO else 'NOT met'})",
        flush=True,
    )


if __name__ == "__main__":
    main()
