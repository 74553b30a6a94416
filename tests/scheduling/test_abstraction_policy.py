"""One abstraction policy (docs/decisions/0011): the planner (through plan
building) and the abstraction report give a team the same daily cap, looked up
the same way: the team's own policy, else the nearest one above it (by
materialised path), else the force-wide default, else the built-in defaults."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from crystal_learning.people.models import Team
from crystal_learning.programmes.models import Assignment, Programme, Requirement
from crystal_learning.reports.abstraction_load import abstraction_load
from crystal_learning.scheduling import abstraction
from crystal_learning.scheduling.models import (
    AbstractionPolicy,
    Booking,
    TrainingSession,
)
from crystal_learning.scheduling.planning import problem
from crystal_learning.scheduling.planning.instance import plan_build
from tests.people.factories import PersonFactory, ShiftPatternFactory, make_team

MEMBERS = 12


def policy(team: Team | None, share: str, release: int, staffing: int | None):
    return AbstractionPolicy.objects.create(
        team=team,
        cap_share=Decimal(share),
        min_release=release,
        min_staffing=staffing,
    )


@pytest.fixture(params=[False, True], ids=["built-in default", "force default"])
def force(request, db):
    """An area with a policy and, two levels below it, a team without one; a
    team with its own policy under the same area; a team in an area without
    one. Twelve people each, all assigned a briefing, one booked on a slot."""
    today = timezone.localdate()
    pattern = ShiftPatternFactory()
    north = make_team(name="North", kind=Team.Kind.AREA)
    district = make_team(name="North District", kind=Team.Kind.AREA, parent=north)
    south = make_team(name="South", kind=Team.Kind.AREA)
    teams = {
        "nested": make_team(name="Nested", parent=district, pattern=pattern),
        "own": make_team(name="Own", parent=north, pattern=pattern),
        "none": make_team(name="None", parent=south, pattern=pattern),
    }
    policy(north, "0.25", 2, 3)
    policy(teams["own"], "0.50", 1, 0)
    if request.param:
        policy(None, "0.20", 1, 1)
    programme = Programme.objects.create(
        name="Cap programme",
        start_date=today,
        due_mode=Programme.DueMode.FIXED,
        due_date=today + timedelta(days=90),
    )
    requirement = Requirement.objects.create(
        programme=programme, kind=Requirement.Kind.BRIEFING, title="Cap briefing"
    )
    day = today + timedelta(days=7)
    slot = TrainingSession.objects.create(
        kind=TrainingSession.Kind.ELEARNING,
        title="Slot",
        date=day,
        start=time(10),
        end=time(12),
        venue="HQ",
        capacity=10,
    )
    for team in teams.values():
        people = [PersonFactory(team=team) for _ in range(MEMBERS)]
        for person in people:
            Assignment.objects.create(
                programme=programme,
                person=person,
                assigned_on=today,
                due_on=programme.due_date,
            )
        Booking.objects.create(
            session=slot, person=people[0], status="booked", created_at=timezone.now()
        )
    return {
        "teams": teams,
        "requirement": requirement,
        "day": day,
        "force_default": request.param,
    }


def planner_caps(force) -> dict[str, int]:
    built = plan_build(
        requirement=force["requirement"],
        starts_on=force["day"],
        ends_on=force["day"] + timedelta(days=7),
    )
    instance = built.instance
    caps = {}
    for name, team in force["teams"].items():
        spec = instance.teams[str(team.pk)]
        members = [p for p in instance.people if p.team == spec.id]
        assert len(members) == MEMBERS
        caps[name] = problem.team_cap(instance, spec, force["day"], members)
    return caps


def report_caps(force) -> dict[str, int]:
    _weeks, loads = abstraction_load(start=force["day"], weeks=1)
    by_team = {load.team.pk: load.cap for load in loads}
    return {name: by_team[team.pk] for name, team in force["teams"].items()}


def test_the_planner_and_the_report_agree_on_each_cap(force):
    expected = {
        # North's policy, two levels up: max(2, floor(0.25 x 12)) = 3, and
        # 12 - 3 stay on duty.
        "nested": 3,
        # Its own policy: floor(0.5 x 12) = 6.
        "own": 6,
        # Force default: min(max(1, floor(0.2 x 12)), 12 - 1) = 2; built-in
        # defaults: max(1, floor(0.1 x 12)) = 1.
        "none": 2 if force["force_default"] else 1,
    }
    assert planner_caps(force) == expected
    assert report_caps(force) == expected


def test_the_lookup_goes_by_path_without_queries(force, django_assert_num_queries):
    policies = abstraction.policies_by_path()
    nested = force["teams"]["nested"]
    with django_assert_num_queries(0):
        found = abstraction.policy_for_team(nested, policies)
    assert found.team.name == "North"
    assert abstraction.daily_cap(found, MEMBERS) == 3


@pytest.mark.parametrize(
    ("share", "release", "staffing", "on_duty", "cap"),
    [
        (0.10, 1, 0, 12, 1),  # the share rounds down; at least one released
        (0.25, 1, 0, 12, 3),
        (0.25, 5, 0, 12, 5),  # min_release beats the share
        (0.50, 1, 10, 12, 2),  # never below minimum staffing
        (0.50, 1, 13, 12, 0),  # never negative
        (0.10, 1, 0, 0, 0),
    ],
)
def test_the_cap_rule(share, release, staffing, on_duty, cap):
    assert (
        abstraction.cap_from(
            cap_share=share,
            min_release=release,
            min_staffing=staffing,
            on_duty=on_duty,
        )
        == cap
    )
