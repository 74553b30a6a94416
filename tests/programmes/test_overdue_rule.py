"""One rule for "overdue" (docs/decisions/0011): outstanding, due before today,
in an active programme. A paused (inactive) programme is overdue on no screen:
My teams and its export, the coverage pages, the admin overdue list, My
training, and no reminder goes out. The same person in an active programme
is overdue on every one of them."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from crystal_learning.people.roles import SUPERVISOR, TRAINING_MANAGER
from crystal_learning.programmes.models import Assignment, Programme, Requirement
from crystal_learning.programmes.reminders import digests_send, reminders_send
from tests.people.factories import PersonFactory, UserFactory, make_team

LATE_DAYS = 10


@pytest.fixture(params=[True, False], ids=["active", "paused"])
def late(request, db):
    """Owen, 10 days past due in a programme that is active or paused; his
    sergeant supervises the team; Sam is a training manager."""
    today = timezone.localdate()
    team = make_team(name="Rule Response A")
    programme = Programme.objects.create(
        name="Rule programme",
        start_date=today - timedelta(days=60),
        due_mode=Programme.DueMode.FIXED,
        due_date=today - timedelta(days=LATE_DAYS),
        active=request.param,
    )
    Requirement.objects.create(
        programme=programme, kind=Requirement.Kind.BRIEFING, title="Rule briefing"
    )
    owen = PersonFactory(team=team, display_name="Owen Late", email="owen@example.org")
    sergeant = PersonFactory(
        team=team,
        display_name="PS Sergeant",
        email="sergeant@example.org",
        rank="PS",
        supervises=[team],
        user=UserFactory(roles=[SUPERVISOR]),
    )
    manager = PersonFactory(
        display_name="Sam Manager",
        rank="STAFF",
        user=UserFactory(roles=[TRAINING_MANAGER]),
    )
    assignment = Assignment.objects.create(
        programme=programme,
        person=owen,
        assigned_on=today - timedelta(days=60),
        due_on=today - timedelta(days=LATE_DAYS),
    )
    return {
        "overdue": request.param,
        "programme": programme,
        "owen": owen,
        "sergeant": sergeant,
        "manager": manager,
        "assignment": assignment,
    }


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response))))


def test_the_queryset_says_overdue_only_for_an_active_programme(late):
    today = timezone.localdate()
    overdue = Assignment.objects.overdue(today)
    assert (late["assignment"] in overdue) is late["overdue"]
    assert late["assignment"] in Assignment.objects.outstanding()
    assert late["assignment"].days_overdue(today) == (
        LATE_DAYS if late["overdue"] else 0
    )
    # Not yet due, completed or ended: never overdue.
    assert not Assignment.objects.overdue(today - timedelta(days=LATE_DAYS)).exists()
    Assignment.objects.update(completed_at=timezone.now())
    assert not Assignment.objects.overdue(today).exists()
    Assignment.objects.update(completed_at=None, ended_on=today)
    assert not Assignment.objects.overdue(today).exists()


def test_my_teams_and_its_export(client, late):
    client.force_login(late["sergeant"].user)
    query = {"programme": late["programme"].pk}
    page = client.get("/reports/my-teams/", query)
    assert page.status_code == 200
    shown = f"Overdue by {LATE_DAYS} days" in body(page)
    assert shown is late["overdue"]
    filtered = client.get("/reports/my-teams/", {**query, "status": "overdue"})
    assert filtered.status_code == 200
    assert ("Owen Late" in body(filtered)) is late["overdue"]
    exported = client.get("/reports/my-teams/export.csv", query)
    assert exported.status_code == 200
    (row,) = [r for r in csv_rows(exported) if "Owen Late" in r.values()]
    assert (f"Overdue by {LATE_DAYS} days" in row.values()) is late["overdue"]
    only_overdue = client.get(
        "/reports/my-teams/export.csv", {**query, "status": "overdue"}
    )
    assert len(csv_rows(only_overdue)) == (1 if late["overdue"] else 0)


def test_the_coverage_pages(client, late):
    client.force_login(late["manager"].user)
    query = {"programme": late["programme"].pk}
    page = client.get("/reports/coverage/", query)
    assert page.status_code == 200
    total = re.search(r"Overdue</dt>\s*<dd[^>]*>(\d+)</dd>", body(page))
    assert total is not None
    assert int(total.group(1)) == (1 if late["overdue"] else 0)
    exported = client.get(
        "/admin/reports/training/coverage/", {**query, "export": "csv"}
    )
    assert exported.status_code == 200
    (row,) = [r for r in csv_rows(exported) if r["Team"] == "Rule Response A"]
    assert row["Overdue"] == ("1" if late["overdue"] else "0")


def test_the_admin_overdue_list(client, late):
    client.force_login(late["manager"].user)
    exported = client.get("/admin/reports/training/overdue/", {"export": "csv"})
    assert exported.status_code == 200
    listed = {r["Staff number"]: r["Days overdue"] for r in csv_rows(exported)}
    expected = {late["owen"].staff_number: str(LATE_DAYS)} if late["overdue"] else {}
    assert listed == expected


def test_my_training(client, late):
    client.force_login(late["owen"].user)
    page = client.get("/my-training/")
    assert page.status_code == 200
    assert ("Rule programme" in body(page)) is True
    red = re.search(r"govuk-tag--red\">\s*Overdue", body(page)) is not None
    assert red is late["overdue"]


def test_reminders(late):
    sent = reminders_send()
    assert sent.overdue == (1 if late["overdue"] else 0)
    assert sent.copies == (1 if late["overdue"] else 0)
    digests = digests_send()
    assert digests.digests == (1 if late["overdue"] else 0)
    to_owen = [m for m in mail.outbox if "owen@example.org" in m.to]
    assert len(to_owen) == (1 if late["overdue"] else 0)
    if not late["overdue"]:
        assert mail.outbox == []


def test_the_performance_review_this_month(late):
    from crystal_learning.reports.review import performance_review

    today = timezone.localdate()
    review = performance_review(programme=late["programme"], month=today, today=today)
    assert review.total.overdue == (1 if late["overdue"] else 0)


def test_the_backfilled_trend(late):
    """The daily history rebuilt from the record follows the same rule: a
    paused programme has no overdue days."""
    from crystal_learning.reports.models import CoverageSnapshot
    from crystal_learning.reports.services import snapshots_backfill

    today = timezone.localdate()
    snapshots_backfill(since=today - timedelta(days=20), programme=late["programme"])
    team = late["owen"].team
    overdue = dict(
        CoverageSnapshot.objects.filter(
            programme=late["programme"], team=team
        ).values_list("date", "overdue")
    )
    assert overdue[today - timedelta(days=LATE_DAYS)] == 0  # the due date itself
    assert overdue[today] == (1 if late["overdue"] else 0)


def test_the_manual_reminder(late):
    from crystal_learning.programmes.reminders import manual_reminder_send

    manual_reminder_send(assignment=late["assignment"], sender=late["sergeant"])
    (message,) = mail.outbox
    assert message.to == ["owen@example.org"]
    assert ("was due by" in message.body) is late["overdue"]
    assert ("reminds you to complete" in message.body) is not late["overdue"]
