"""A supervisor's "My teams": the matrix, its filters, exports and reminders,
and that nobody else's people ever appear."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crystal_learning.people.models import Person, Team
from crystal_learning.people.roles import SUPERVISOR
from crystal_learning.programmes.models import Assignment, ReminderLog
from crystal_learning.programmes.services import assignments_sync
from crystal_learning.scheduling.services import booking_create
from modules.models import VideoModulePage
from tests.helpers import sign_in
from tests.people.factories import PersonFactory, UserFactory
from tests.programmes.helpers import complete_everything, person
from tests.reports.helpers import download_text, progressed
from tests.scheduling.factories import briefing

URL = "/reports/my-teams/"


def members(team_code: str) -> list[Person]:
    return list(Person.objects.filter(team__code=team_code, active=True).order_by("pk"))


def outsiders() -> list[Person]:
    """Assigned people in teams the demo sergeant does not supervise."""
    return list(
        Person.objects.filter(active=True, assignments__isnull=False)
        .exclude(team__code="N-RESP-A")
        .distinct()[:40]
    )


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def team_states(constables):
    """In the sergeant's team: one finished, one part way, one booked, one
    overdue."""
    sergeant = person("sergeant")
    home = Team.objects.get(code="N-RESP-A")
    done, partway, overdue = (
        PersonFactory(team=home, display_name=name, email=f"{name[:4]}@example.org")
        for name in ("Dana Done", "Parry Partway", "Owen Overdue")
    )
    assignments_sync()
    complete_everything(done)
    first = VideoModulePage.objects.order_by("path").first()
    progressed(partway, first, 0.5)
    Assignment.objects.filter(person=overdue, ended_on__isnull=True).update(
        due_on=timezone.localdate() - timedelta(days=10)
    )
    session = briefing(capacity=5)
    booking_create(session=session, person=sergeant)
    return {
        "done": done,
        "partway": partway,
        "overdue": overdue,
        "booked": sergeant,
        "session": session,
    }


def test_the_matrix_shows_each_member_against_each_requirement(client, team_states):
    sign_in(client, "sergeant")
    page = text(client.get(URL))
    assert "Op Crystal core" in page
    team = members("N-RESP-A")
    for p in team:
        assert p.display_name in page
    for p in outsiders():
        assert p.staff_number not in page
    assert "1. Why Op Crystal exists" in page  # requirement columns
    assert "Op Crystal supervisor briefing" in page
    # Completed with its date; in progress with its share; booked with its
    # date; overdue.
    assert "Passed" in page and "Completed" in page
    assert "In progress (50%)" in page
    session = team_states["session"]
    assert f"{session.date:%-d %b %Y} 10:00" in page
    assert "Overdue by 10 days" in page
    # Officers are not required to attend the supervisor briefing.
    assert "Not required" in page


def test_the_most_urgent_come_first(client, team_states):
    sign_in(client, "sergeant")
    page = text(client.get(URL))
    overdue = page.index(team_states["overdue"].display_name)
    partway = page.index(team_states["partway"].display_name)
    done = page.index(team_states["done"].display_name)
    assert overdue < partway < done


def test_filters_narrow_the_list(client, team_states):
    sign_in(client, "sergeant")
    page = text(client.get(URL, {"status": "overdue"}))
    assert team_states["overdue"].display_name in page
    assert team_states["done"].display_name not in page
    assert "1 person, most urgent first." in page
    page = text(client.get(URL, {"status": "complete"}))
    assert team_states["done"].display_name in page
    assert team_states["partway"].display_name not in page
    page = text(client.get(URL, {"q": team_states["partway"].staff_number}))
    assert team_states["partway"].display_name in page
    assert team_states["done"].display_name not in page


def test_another_teams_id_or_a_bad_filter_is_refused_with_a_message(
    client, team_states
):
    sign_in(client, "sergeant")
    other = Team.objects.exclude(code="N-RESP-A").filter(members__isnull=False).first()
    response = client.get(URL, {"team": other.pk})
    assert response.status_code == 400
    page = text(response)
    assert "You can only see the teams you supervise." in page
    for p in members(other.code):
        assert p.display_name not in page
    response = client.get(URL, {"status": "everyone-please"})
    assert response.status_code == 400
    assert "Select a valid choice" in text(response)
    assert client.get(URL, {"team": "'; drop table"}).status_code == 400
    response = client.get("/reports/my-teams/export.csv", {"team": other.pk})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert client.get("/reports/my-teams/export.pdf").status_code == 404


def test_csv_and_xlsx_exports_hold_the_filtered_matrix(client, team_states):
    sign_in(client, "sergeant")
    response = client.get("/reports/my-teams/export.csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(download_text(response))))
    numbers = {row["Staff number"] for row in rows}
    assert numbers == {
        p.staff_number for p in members("N-RESP-A") if p.assignments.exists()
    }
    done = next(
        r for r in rows if r["Staff number"] == team_states["done"].staff_number
    )
    assert done["Status"] == "Complete"
    assert done["1. Why Op Crystal exists"].startswith("Completed ")
    partway = next(
        r for r in rows if r["Staff number"] == team_states["partway"].staff_number
    )
    assert partway["1. Why Op Crystal exists"] == "In progress (50%)"
    response = client.get("/reports/my-teams/export.xlsx", {"status": "overdue"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Staff number", "Name", "Rank"]
    assert [row[0] for row in values[1:]] == [team_states["overdue"].staff_number]


def test_an_area_supervisor_sees_the_teams_below_but_nobody_else(client, constables):
    area = Team.objects.get(code="N-RESP-A").get_parent()
    inspector = PersonFactory(
        team=area,
        rank="INSP",
        supervises=[area],
        user=UserFactory(roles=[SUPERVISOR], username="area-inspector"),
    )
    client.force_login(inspector.user)
    response = client.get("/reports/my-teams/export.csv")
    numbers = {
        row["Staff number"]
        for row in csv.DictReader(io.StringIO(download_text(response)))
    }
    below = set(
        Person.objects.filter(
            team__path__startswith=area.path, active=True, assignments__isnull=False
        ).values_list("staff_number", flat=True)
    )
    assert numbers == below and len(below) > 10
    others = set(
        Person.objects.exclude(team__path__startswith=area.path).values_list(
            "staff_number", flat=True
        )
    )
    assert not numbers & others


def test_officers_and_managers_without_teams_are_refused(client, constables):
    assert client.get(URL).status_code == 302  # sign in first
    sign_in(client, "officer")
    assert client.get(URL).status_code == 403
    assert client.get("/reports/my-teams/export.csv").status_code == 403
    client.logout()
    sign_in(client, "manager")
    assert client.get(URL).status_code == 403


def test_a_reminder_is_sent_logged_and_limited(client, team_states, settings):
    sign_in(client, "sergeant")
    sergeant = person("sergeant")
    target = team_states["partway"]
    assignment = Assignment.objects.get(person=target, ended_on__isnull=True)
    url = f"/reports/my-teams/remind/{assignment.pk}/"
    assert client.get(url).status_code == 405  # POST only
    mail.outbox.clear()
    response = client.post(url, {"next": URL + "?status=incomplete"}, follow=True)
    assert response.redirect_chain[-1][0] == URL + "?status=incomplete"
    assert f"Reminder sent to {target.display_name}." in text(response)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [target.email or target.user.email]
    assert "PS Jordan Reid reminds you" in message.body
    log = ReminderLog.objects.get(kind="manual")
    assert (log.recipient, log.sent_by, log.assignment) == (
        target,
        sergeant,
        assignment,
    )
    # The matrix says when; a second reminder the same day is refused.
    assert "Reminded " in text(client.get(URL))
    response = client.post(url, follow=True)
    assert "has already been reminded today" in text(response)
    assert len(mail.outbox) == 1
    # At most N an hour from one supervisor.
    settings.CRYSTAL_MANUAL_REMINDERS_PER_HOUR = 1
    other = Assignment.objects.get(person=team_states["overdue"], ended_on__isnull=True)
    response = client.post(f"/reports/my-teams/remind/{other.pk}/", follow=True)
    assert "You have sent 1 reminders in the last hour" in text(response)
    assert len(mail.outbox) == 1
    # A redirect elsewhere is not followed.
    settings.CRYSTAL_MANUAL_REMINDERS_PER_HOUR = 30
    response = client.post(
        f"/reports/my-teams/remind/{other.pk}/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == URL


def test_reminders_for_other_teams_are_not_found(client, team_states):
    sign_in(client, "sergeant")
    stranger = outsiders()[0]
    assignment = Assignment.objects.filter(person=stranger).first()
    mail.outbox.clear()
    response = client.post(f"/reports/my-teams/remind/{assignment.pk}/")
    assert response.status_code == 404
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    client.logout()
    sign_in(client, "officer")
    own = Assignment.objects.filter(person=person("officer")).first()
    assert client.post(f"/reports/my-teams/remind/{own.pk}/").status_code == 403


def test_the_matrix_costs_the_same_queries_however_many_members(client, constables):
    sign_in(client, "sergeant")
    client.get(URL)  # warm the per-process caches (site root paths)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    before = count()
    team = Team.objects.get(code="N-RESP-A")
    newcomers = [PersonFactory(team=team) for _ in range(12)]
    assignments_sync()
    for p in newcomers[:4]:
        complete_everything(p)
    after = count()
    assert after == before


def test_a_long_list_comes_in_pages_and_the_export_holds_everyone(
    client, team_states, monkeypatch
):
    monkeypatch.setattr("crystal_learning.reports.views.MATRIX_PAGE_SIZE", 5)
    sign_in(client, "sergeant")
    everyone = Assignment.objects.filter(
        person__team__code="N-RESP-A",
        ended_on__isnull=True,
        programme__name="Op Crystal core",
    ).count()
    assert everyone > 5
    first = text(client.get(URL))
    assert first.count('data-testid="member"') == 5
    assert f"{everyone} people, most urgent first. Showing 1 to 5." in first
    assert 'rel="next"' in first
    second = text(client.get(URL, {"page": 2}))
    assert second.count('data-testid="member"') == min(5, everyone - 5)
    assert team_states["overdue"].display_name in first  # most urgent first
    # A page number out of range shows the last page, not an error.
    assert client.get(URL, {"page": 999}).status_code == 200
    assert client.get(URL, {"page": "x"}).status_code == 200
    exported = download_text(client.get("/reports/my-teams/export.csv"))
    assert len(exported.strip().splitlines()) == everyone + 1
