"""Wagtail admin reports: coverage by team, the overdue list, the monthly
performance review workbook; filters, exports and refusals."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import Assignment, Programme
from crystal_learning.reports.coverage import programme_coverage
from crystal_learning.reports.services import snapshot_take
from tests.helpers import sign_in
from tests.programmes.helpers import CORE, complete_everything

COVERAGE = "/admin/reports/training/coverage/"
OVERDUE = "/admin/reports/training/overdue/"
REVIEW = "/admin/reports/training/performance-review/"


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def test_coverage_report_lists_every_team_and_exports(client, constables):
    officers = Person.objects.filter(rank="PC", assignments__isnull=False).distinct()
    for p in officers[:5]:
        complete_everything(p)
    sign_in(client, "manager")
    programme = Programme.objects.get(name=CORE)
    page = client.get(COVERAGE, {"programme": programme.pk})
    assert page.status_code == 200
    assert "Coverage by team" in page.content.decode()
    exported = rows(client.get(COVERAGE, {"programme": programme.pk, "export": "csv"}))
    report = programme_coverage(programme=programme)
    assert {r["Team"] for r in exported} == {t.name for t in report.teams}
    assert sum(int(r["Completed"]) for r in exported) == 5
    assert sum(int(r["Assigned"]) for r in exported) == report.total.assigned
    north = Team.objects.get(code="N-RESP-A").get_parent()
    only_north = rows(client.get(COVERAGE, {"area": north.pk, "export": "csv"}))
    assert only_north and {r["Area"] for r in only_north} == {north.name}
    response = client.get(COVERAGE, {"export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    header = [c.value for c in next(book.active.iter_rows())]
    assert header[:4] == ["Team", "Team code", "Area", "Assigned"]


def test_overdue_list_with_days_and_a_refused_huge_range(client, constables):
    today = timezone.localdate()
    late = list(Person.objects.filter(assignments__isnull=False).distinct()[:3])
    Assignment.objects.filter(person__in=late).update(due_on=today - timedelta(days=9))
    sign_in(client, "manager")
    exported = rows(client.get(OVERDUE, {"export": "csv"}))
    assert {r["Staff number"] for r in exported} == {p.staff_number for p in late}
    assert {r["Days overdue"] for r in exported} == {"9"}
    response = client.get(
        OVERDUE,
        {"due_from": "2020-01-01", "due_to": today.isoformat(), "export": "csv"},
    )
    assert response.status_code == 400
    assert "Nothing exported. Was due: Choose at most 366 days" in (
        response.content.decode()
    )
    page = client.get(OVERDUE, {"due_from": "2020-01-01", "due_to": "2026-12-01"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Choose at most 366 days" in text
    assert late[0].display_name not in text  # no rows for a refused filter
    response = client.get(OVERDUE, {"due_from": "2026-13-45", "export": "xlsx"})
    assert response.status_code == 400


def test_reports_are_for_training_managers_only(client, constables):
    for username in ("sergeant", "editor"):
        client.logout()
        sign_in(client, username)
        for url in (COVERAGE, OVERDUE, REVIEW, COVERAGE + "?export=csv"):
            assert client.get(url).status_code in (302, 403), (username, url)
            assert client.get(url).status_code != 200
    client.logout()
    sign_in(client, "officer")
    assert client.get(OVERDUE + "?export=csv").status_code in (302, 403)


def test_overdue_list_costs_the_same_queries_for_more_rows(client, constables):
    today = timezone.localdate()
    sign_in(client, "manager")
    people = list(Person.objects.filter(assignments__isnull=False).distinct())

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(OVERDUE)
        return len(queries)

    Assignment.objects.filter(person__in=people[:2]).update(due_on=today - timedelta(1))
    client.get(OVERDUE)
    before = count()
    Assignment.objects.filter(person__in=people[:40]).update(
        due_on=today - timedelta(days=2)
    )
    assert count() == before


def sheet_rows(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_performance_review_workbook_has_a_sheet_per_area(client, constables):
    programme = Programme.objects.get(name=CORE)
    officers = Person.objects.filter(rank="PC", assignments__isnull=False).distinct()
    for p in officers[:4]:
        complete_everything(p)
    sign_in(client, "manager")
    month = timezone.localdate().strftime("%Y-%m")
    response = client.get(REVIEW, {"programme": programme.pk, "month": month})
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    report = programme_coverage(programme=programme)
    assert book.sheetnames == [
        "Summary",
        *[a.name for a in report.areas],
        "Victim care",
    ]
    summary = sheet_rows(book["Summary"])
    assert summary[0][:5] == [
        "Area",
        "Assigned",
        "Completed",
        "Completed (%)",
        "Completed in month",
    ]
    force = next(r for r in summary if r[0] == "Force")
    assert force[1:3] == [report.total.assigned, 4]
    assert force[4] == 4  # all completed this month
    area = report.areas[0]
    teams = sheet_rows(book[area.name])
    assert teams[-1][0] == "Area total" and teams[-1][1] == area.assigned
    assert sum(r[1] for r in teams[1:-1]) == area.assigned


def test_a_past_month_comes_from_its_snapshots(client, constables):
    programme = Programme.objects.get(name=CORE)
    sign_in(client, "manager")
    response = client.get(REVIEW, {"programme": programme.pk, "month": "2026-09"})
    assert response.status_code == 400
    assert "No coverage snapshots for September 2026" in response.content.decode()
    with freeze_time("2026-09-30 20:00"):
        snapshot_take(on=date(2026, 9, 30))
    response = client.get(REVIEW, {"programme": programme.pk, "month": "2026-09"})
    assert response.status_code == 200
    summary = sheet_rows(openpyxl.load_workbook(io.BytesIO(body(response)))["Summary"])
    assert "Snapshot of 30/09/2026." in " ".join(str(r[0]) for r in summary)


def test_bad_review_requests_are_refused(client, constables):
    sign_in(client, "manager")
    programme = Programme.objects.get(name=CORE)
    response = client.get(REVIEW, {"programme": programme.pk, "month": "2099-01"})
    assert response.status_code == 400
    assert "That month has not started." in response.content.decode()
    assert client.get(REVIEW, {"programme": "x", "month": "nope"}).status_code == 400
