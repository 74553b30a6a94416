"""Planning a briefing from the database: drafts, publishing, re-planning."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from crystal_learning.people.models import Absence, Person, Team
from crystal_learning.programmes.models import Requirement
from crystal_learning.scheduling.models import (
    AbstractionPolicy,
    Booking,
    DraftPlan,
    TrainingSession,
)
from crystal_learning.scheduling.planning.instance import SessionTemplate
from crystal_learning.scheduling.planning.services import plan_create, plan_publish
from crystal_learning.scheduling.services import BookingRefused
from tests.helpers import sign_in

TEMPLATE = SessionTemplate(start=time(10), end=time(12), venue="HQ", capacity=15)


@pytest.fixture
def briefing_requirement(demo_site):
    return Requirement.objects.get(kind="briefing", programme__name="Op Crystal core")


def needing(requirement) -> list[Person]:
    return [
        a.person
        for a in requirement.programme.assignments.filter(ended_on__isnull=True)
        if requirement.applies_to(a.person)
    ]


def check_rules(bookings) -> None:
    """Every published booking keeps the rules (written again, from the issue)."""
    per_team_day = Counter(
        (b.person.team_id, b.session.date) for b in bookings if b.status == "booked"
    )
    for (team_id, day), count in per_team_day.items():
        team = Team.objects.get(pk=team_id)
        assert team.duty_code_on(day) in {"E", "L", "D"}
        members = Person.objects.filter(team=team, active=True)
        on_duty = members.exclude(
            absences__starts_on__lte=day, absences__ends_on__gte=day
        ).count()
        cap = min(max(1, math.floor(0.1 * on_duty)), on_duty)
        assert count <= cap, (team.code, day, count, cap)
    for booking in [b for b in bookings if b.status == "booked"]:
        assert not Absence.objects.filter(
            person=booking.person,
            starts_on__lte=booking.session.date,
            ends_on__gte=booking.session.date,
        ).exists()


def test_a_draft_plans_everyone_and_books_no_one(briefing_requirement):
    today = timezone.localdate()
    plan = plan_create(
        requirement=briefing_requirement,
        starts_on=today,
        ends_on=today + timedelta(weeks=8),
        template=TEMPLATE,
    )
    people = needing(briefing_requirement)
    assert people
    assert len(plan.result["assignments"]) == len(people)
    assert plan.result["unassigned"] == []
    assert plan.result["ratio"] == 1.0
    assert plan.result["finish_date"] == plan.result["lower_bound_date"]
    assert not Booking.objects.exists() and not TrainingSession.objects.exists()
    for row in plan.result["heat_map"]["rows"]:
        assert all(load <= cap for load, cap in row["cells"])


def test_publishing_books_creates_used_sessions_and_emails(
    briefing_requirement, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    plan = plan_create(
        requirement=briefing_requirement,
        starts_on=today,
        ends_on=today + timedelta(weeks=8),
        template=TEMPLATE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = plan_publish(plan=plan)
    people = needing(briefing_requirement)
    assert report.booked == len(people) and report.waitlisted == 0
    used_days = {
        key.removeprefix("new:")
        for _p, key in plan.result["assignments"]
        if isinstance(key, str)
    }
    assert TrainingSession.objects.count() == report.created == len(used_days)
    bookings = list(Booking.objects.select_related("person__team", "session"))
    check_rules(bookings)
    assert len([m for m in mail.outbox if m.subject.startswith("Booked:")]) == len(
        people
    )
    plan.refresh_from_db()
    assert plan.status == DraftPlan.Status.PUBLISHED
    with pytest.raises(BookingRefused):
        plan_publish(plan=plan)


def test_replanning_moves_only_people_whose_booking_became_invalid(
    briefing_requirement,
):
    today = timezone.localdate()
    ends = today + timedelta(weeks=8)
    plan_publish(
        plan=plan_create(
            requirement=briefing_requirement,
            starts_on=today,
            ends_on=ends,
            template=TEMPLATE,
        )
    )
    before = {b.person_id: b.pk for b in Booking.objects.filter(status="booked")}
    victim = Booking.objects.filter(status="booked").select_related("session").first()
    Absence.objects.create(
        person=victim.person,
        kind="AL",
        starts_on=victim.session.date,
        ends_on=victim.session.date,
    )
    replan = plan_create(
        requirement=briefing_requirement,
        starts_on=today,
        ends_on=ends,
        template=TEMPLATE,
    )
    assert replan.result["move"] == [victim.pk]
    assert replan.result["kept"] == len(before) - 1
    assert [p for p, _s in replan.result["assignments"]] == [victim.person_id]
    report = plan_publish(plan=replan)
    assert report.moved == 1 and report.booked == 0  # one move, not a new place
    after = {b.person_id: b.pk for b in Booking.objects.filter(status="booked")}
    assert {k: v for k, v in after.items() if k != victim.person_id} == {
        k: v for k, v in before.items() if k != victim.person_id
    }
    assert after[victim.person_id] != victim.pk
    victim.refresh_from_db()
    assert victim.status == "cancelled"
    check_rules(list(Booking.objects.select_related("person__team", "session")))


def test_a_team_policy_that_allows_only_day_shifts_keeps_response_teams_out(
    briefing_requirement,
):
    response = Team.objects.get(code="N-RESP-A")
    AbstractionPolicy.objects.create(team=response, training_duty_codes="D")
    today = timezone.localdate()
    plan = plan_create(
        requirement=briefing_requirement,
        starts_on=today,
        ends_on=today + timedelta(weeks=8),
        template=TEMPLATE,
    )
    planned = set(
        Person.objects.filter(
            pk__in=[p for p, _s in plan.result["assignments"]]
        ).values_list("team__code", flat=True)
    )
    assert "N-RESP-A" not in planned
    sergeant = Person.objects.get(user__username="sergeant")
    assert sergeant.team.code == "N-RESP-A"
    assert sergeant.pk in plan.result["unassigned"]


def test_managers_plan_preview_and_publish_in_the_admin(client, briefing_requirement):
    today = timezone.localdate()
    sign_in(client, "manager")
    # The form a browser fills: ISO dates a date input can show, times without
    # seconds, and the only briefing chosen already (issue 18.8).
    form = client.get("/admin/plans/").text
    assert f'type="date" name="starts_on" value="{today:%Y-%m-%d}"' in form
    assert 'type="time" name="start" value="10:00"' in form
    assert f'<option value="{briefing_requirement.pk}" selected>' in form
    response = client.post(
        "/admin/plans/",
        {
            "requirement": briefing_requirement.pk,
            "starts_on": today,
            "ends_on": today + timedelta(weeks=8),
            "generate": "on",
            "start": "10:00",
            "end": "12:00",
            "venue": "HQ",
            "capacity": "15",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "Abstraction by team and day" in page
    assert 'data-testid="ratio">1.0<' in page
    plan = DraftPlan.objects.get()
    # Every date on the page reads one way ("14 Dec 2026"), none as ISO text.
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page.split("<main", 1)[-1])
    finish = date.fromisoformat(plan.result["finish_date"])
    assert f'data-testid="finish">{finish.day} {finish:%b %Y}' in page
    published = client.post(f"/admin/plans/{plan.pk}/publish/", follow=True)
    assert "Published:" in published.text
    assert Booking.objects.filter(status="booked").count() == len(
        plan.result["assignments"]
    )


def test_bad_plan_dates_are_refused(client, briefing_requirement):
    today = timezone.localdate()
    sign_in(client, "manager")
    response = client.post(
        "/admin/plans/",
        {
            "requirement": briefing_requirement.pk,
            "starts_on": today,
            "ends_on": today - timedelta(days=1),
            "start": "10:00",
            "end": "12:00",
            "venue": "HQ",
            "capacity": "15",
        },
    )
    assert "The plan ends before it starts." in response.text
    assert not DraftPlan.objects.exists()


def test_absurd_plan_figures_are_refused_not_a_server_error(
    client, briefing_requirement
):
    today = timezone.localdate()
    sign_in(client, "manager")
    base = {
        "requirement": briefing_requirement.pk,
        "starts_on": today,
        "ends_on": today + timedelta(days=14),
        "generate": "on",
        "start": "10:00",
        "end": "12:00",
        "venue": "HQ",
        "capacity": "15",
    }
    huge = client.post("/admin/plans/", {**base, "capacity": "9" * 23})
    assert huge.status_code == 200
    assert "less than or equal to 500" in huge.text
    far = client.post(
        "/admin/plans/", {**base, "starts_on": "9999-12-25", "ends_on": "9999-12-31"}
    )
    assert far.status_code == 200
    assert "Plan within the next five years." in far.text
    assert not DraftPlan.objects.exists()


def test_officers_cannot_plan(client, briefing_requirement):
    sign_in(client, "officer")
    assert client.get("/admin/plans/").status_code in (302, 403)


def test_the_sessions_calendar_shows_a_month_with_places_taken(
    client, briefing_requirement
):
    today = timezone.localdate()
    session = TrainingSession.objects.create(
        kind="briefing",
        title="Op Crystal supervisor briefing",
        requirement=briefing_requirement,
        date=today + timedelta(days=3),
        start=time(10),
        end=time(12),
        venue="HQ",
        capacity=12,
    )
    from crystal_learning.scheduling.services import booking_create

    booking_create(
        session=session, person=Person.objects.get(user__username="sergeant")
    )
    sign_in(client, "manager")
    page = client.get("/admin/plans/calendar/", {"month": f"{session.date:%Y-%m}"})
    assert page.status_code == 200
    assert f"/admin/training_sessions/{session.pk}/bookings/" in page.text
    assert "Bookings (1 of 12)" in page.text  # one click to the bookings
    assert (
        client.get("/admin/plans/calendar/", {"month": "nonsense"}).status_code == 200
    )
    client.logout()
    sign_in(client, "officer")
    assert client.get("/admin/plans/calendar/").status_code in (302, 403)
