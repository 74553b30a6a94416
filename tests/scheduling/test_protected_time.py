"""Protected e-learning time (issue 19): a training manager plans slots inside
shifts for a module requirement, publishes, and everyone who still needs it
gets one booking with a calendar invitation, sees it on My training, and their
supervisor sees it on the matrix. The shift heat map and the reasons for anyone
not placed."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from crystal_learning.people.duty import duty_code_on
from crystal_learning.people.models import Absence, Person
from crystal_learning.programmes.models import Requirement
from crystal_learning.scheduling.abstraction import shift_minimums
from crystal_learning.scheduling.models import (
    AbstractionPolicy,
    Booking,
    ShiftMinimum,
    TrainingSession,
)
from crystal_learning.scheduling.planning.instance import SessionTemplate
from crystal_learning.scheduling.planning.services import plan_create, plan_publish
from tests.helpers import sign_in
from tests.scheduling.helpers import needing

SLOTS = [
    SessionTemplate(
        start=time(9),
        end=time(10, 30),
        venue="Desk",
        capacity=6,
        code="E",
        weekdays_only=False,
    ),
    SessionTemplate(
        start=time(16),
        end=time(17, 30),
        venue="Desk",
        capacity=6,
        code="L",
        weekdays_only=False,
    ),
    SessionTemplate(
        start=time(14), end=time(15, 30), venue="Desk", capacity=6, code="D"
    ),
]


@pytest.fixture
def module_requirement(demo_site):
    return (
        Requirement.objects.filter(kind="module", programme__name="Op Crystal core")
        .order_by("sort_order")
        .first()
    )


def _plan(requirement, weeks: int = 6, **kwargs):
    today = timezone.localdate()
    return plan_create(
        requirement=requirement,
        starts_on=today,
        ends_on=today + timedelta(weeks=weeks),
        templates=SLOTS,
        **kwargs,
    )


def test_protected_time_books_each_person_one_slot_inside_a_shift(
    module_requirement, django_capture_on_commit_callbacks, client
):
    people = needing(module_requirement)
    assert len(people) > 20
    plan = _plan(module_requirement)
    assert plan.result["unassigned"] == []
    assert len(plan.result["assignments"]) == len(people)
    with django_capture_on_commit_callbacks(execute=True):
        report = plan_publish(plan=plan)
    assert report.booked == len(people)
    bookings = list(
        Booking.objects.filter(status="booked").select_related(
            "session", "person__team__shift_pattern", "person__shift_pattern"
        )
    )
    assert sorted(b.person_id for b in bookings) == sorted(p.pk for p in people)
    for booking in bookings:
        session = booking.session
        assert session.kind == TrainingSession.Kind.ELEARNING
        assert session.requirement == module_requirement
        assert session.title == f"Protected time: {module_requirement.label}"
        # Inside the person's own shift that day, never a night or rest day.
        assert duty_code_on(booking.person, session.date) == session.duty_code
        assert session.duty_code in {"E", "L", "D"}
    invitations = [m for m in mail.outbox if m.subject.startswith("Booked:")]
    assert len(invitations) == len(people)
    name, ics, mimetype = invitations[0].attachments[0]
    assert name == "session.ics" and mimetype.startswith("text/calendar")
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "METHOD:REQUEST" in ics and "Protected time" in ics

    officer = Person.objects.get(user__username="officer")
    mine = next(b for b in bookings if b.person_id == officer.pk)
    sign_in(client, "officer")
    page = client.get("/my-training/").text
    slot = mine.session
    assert (
        f"Your protected time: {slot.date:%a} {slot.date.day} {slot.date:%b} "
        f"{slot.start:%H:%M}-{slot.end:%H:%M}, complete {module_requirement.label} "
        "then." in page
    )
    client.logout()
    sign_in(client, "sergeant")
    programme = module_requirement.programme
    matrix = client.get(
        "/reports/my-teams/",
        {"programme": programme.pk, "q": officer.staff_number},
    ).text
    assert "Protected time" in matrix
    assert f"{slot.date:%a} {slot.date.day} {slot.date:%b} {slot.start:%H:%M}" in (
        matrix
    )


def test_no_shift_goes_below_its_minimum_and_the_heat_map_says_so(
    module_requirement,
):
    policy = AbstractionPolicy.objects.create(cap_share="0.50", min_release=1)
    ShiftMinimum.objects.create(policy=policy, duty_code="E", minimum=2)
    ShiftMinimum.objects.create(policy=policy, duty_code="L", minimum=2)
    ShiftMinimum.objects.create(policy=policy, duty_code="D", minimum=3)
    ShiftMinimum.objects.create(policy=policy, duty_code="D", weekday=0, minimum=4)
    plan = _plan(module_requirement)
    shift_map = plan.result["shift_map"]
    assert shift_map["rows"]
    seen_minimum = set()
    for row in shift_map["rows"]:
        for day, cell in zip(shift_map["days"], row["cells"], strict=True):
            if cell is None:
                continue
            left, minimum, training = cell
            if training:  # nobody is taken off a shift that would drop below
                assert minimum is None or left >= minimum, (row, day, cell)
            if minimum is not None:
                seen_minimum.add((row["code"], date.fromisoformat(day).weekday() == 0))
                expected = {"E": 2, "L": 2, "D": 3}[row["code"]]
                if row["code"] == "D" and date.fromisoformat(day).weekday() == 0:
                    expected = 4
                assert minimum == expected
    assert ("D", True) in seen_minimum and ("E", False) in seen_minimum


def test_the_plan_says_who_could_not_be_placed_and_why(module_requirement, client):
    today = timezone.localdate()
    away = needing(module_requirement)[0]
    Absence.objects.create(
        person=away,
        kind=Absence.Kind.SICKNESS,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(weeks=10),
    )
    plan = _plan(module_requirement, weeks=2)
    assert plan.result["unplaced_reasons"][str(away.pk)] == "always_absent"
    assert set(plan.result["unplaced_reasons"].values()) <= {
        "always_absent",
        "no_shift",
        "at_minimum",
        "sessions_full",
        "no_roster",
    }
    sign_in(client, "manager")
    page = client.get(f"/admin/plans/{plan.pk}/").text
    assert f"{away.display_name} ({away.staff_number}" in page
    assert "absent on every day of the plan" in page
    assert "Strength left on each shift" in page


def test_a_manager_plans_protected_time_in_the_admin(module_requirement, client):
    today = timezone.localdate()
    sign_in(client, "manager")
    form = client.get("/admin/plans/").text
    assert f'<option value="{module_requirement.pk}">' in form
    data = {
        "requirement": module_requirement.pk,
        "starts_on": today,
        "ends_on": today + timedelta(weeks=4),
        "generate": "on",
        "start": "09:00",
        "end": "10:30",
        "duty_code": "E",
        "every_day": "on",
        "second_start": "16:00",
        "venue": "Desk",
        "capacity": "6",
    }
    refused = client.post("/admin/plans/", data)
    assert refused.status_code == 200
    assert "Give both times of the second slot, or neither." in refused.text
    response = client.post(
        "/admin/plans/", {**data, "second_end": "17:30", "second_duty_code": "L"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "Strength left on each shift" in page
    assert "New session on" in page


def test_a_manager_sets_shift_minimums_on_a_policy(sign_ins, client):
    sign_in(client, "manager")
    form = client.get("/admin/abstraction_policies/new/")
    assert form.status_code == 200
    assert "Minimum staffing per shift" in form.text
    data = {
        "team": "",
        "cap_share": "0.10",
        "min_release": "1",
        "min_staffing": "",
        "training_duty_codes": "E,L,D",
        "shift_minimums-TOTAL_FORMS": "3",
        "shift_minimums-INITIAL_FORMS": "0",
        "shift_minimums-MIN_NUM_FORMS": "0",
        "shift_minimums-MAX_NUM_FORMS": "1000",
    }
    for index, (code, weekday, minimum) in enumerate(
        [("E", "", "6"), ("L", "", "7"), ("L", "5", "8")]
    ):
        data |= {
            f"shift_minimums-{index}-duty_code": code,
            f"shift_minimums-{index}-weekday": weekday,
            f"shift_minimums-{index}-minimum": minimum,
            f"shift_minimums-{index}-ORDER": str(index),
            f"shift_minimums-{index}-DELETE": "",
            f"shift_minimums-{index}-id": "",
        }
    twice = {**data, "shift_minimums-2-weekday": ""}  # lates every day, twice
    refused = client.post("/admin/abstraction_policies/new/", twice)
    assert refused.status_code == 200
    assert "That shift already has a minimum for that day." in refused.text
    assert not AbstractionPolicy.objects.exists()
    response = client.post("/admin/abstraction_policies/new/", data)
    assert response.status_code == 302, response.text[:3000]
    policy = AbstractionPolicy.objects.get(team=None)
    assert shift_minimums(policy) == {"E": 6, "L": {"default": 7, "sat": 8}}
