"""A person's records: seen by them, their team's supervisors, training managers."""

import pytest
from django.contrib.auth.models import AnonymousUser

from crystal_learning.people.models import Team
from crystal_learning.people.roles import SUPERVISOR
from crystal_learning.people.selectors import people_visible_to
from tests.people.factories import PersonFactory, UserFactory, make_team

PERM = "crystal_people.view_person_records"


@pytest.fixture
def force(db):
    north = make_team(name="North Area", kind=Team.Kind.AREA)
    south = make_team(name="South Area", kind=Team.Kind.AREA)
    north_a = make_team(name="North A", parent=north)
    north_b = make_team(name="North B", parent=north)
    south_a = make_team(name="South A", parent=south)
    return {
        "officer": PersonFactory(team=north_a),
        "colleague": PersonFactory(team=north_a),
        "north_b_officer": PersonFactory(team=north_b),
        "south_officer": PersonFactory(team=south_a),
        "sergeant": PersonFactory(
            team=north_a,
            rank="PS",
            supervises=[north_a],
            user=UserFactory(roles=[SUPERVISOR]),
        ),
        "inspector": PersonFactory(
            team=north_a,
            rank="INSP",
            supervises=[north],
            user=UserFactory(roles=[SUPERVISOR]),
        ),
        "south_sergeant": PersonFactory(
            team=south_a,
            rank="PS",
            supervises=[south_a],
            user=UserFactory(roles=[SUPERVISOR]),
        ),
    }


def test_a_person_may_see_their_own_records_but_not_a_colleagues(force):
    user = force["officer"].user
    assert user.has_perm(PERM, force["officer"])
    assert not user.has_perm(PERM, force["colleague"])


def test_a_supervisor_sees_their_team_and_not_another_team(force):
    user = force["sergeant"].user
    assert user.has_perm(PERM, force["colleague"])
    assert not user.has_perm(PERM, force["north_b_officer"])
    assert not user.has_perm(PERM, force["south_officer"])


def test_supervising_an_area_includes_its_sub_teams(force):
    user = force["inspector"].user
    assert user.has_perm(PERM, force["officer"])
    assert user.has_perm(PERM, force["north_b_officer"])
    assert not user.has_perm(PERM, force["south_officer"])


def test_training_manager_sees_everyone(force, training_manager):
    for person in force.values():
        assert training_manager.user.has_perm(PERM, person)


def test_anonymous_sees_nobody(force):
    assert not AnonymousUser().has_perm(PERM, force["officer"])
    assert not people_visible_to(user=AnonymousUser()).exists()


def test_an_inactive_supervisor_loses_sight_of_the_team(force):
    sergeant = force["sergeant"]
    sergeant.active = False
    sergeant.save()
    assert not sergeant.user.has_perm(PERM, force["colleague"])


def test_the_queryset_scope_agrees_with_the_rule_for_every_pair(
    force, training_manager
):
    everyone = [*force.values(), training_manager]
    for viewer in everyone:
        user = type(viewer.user).objects.get(
            pk=viewer.user.pk
        )  # fresh: no cached scope
        visible = set(people_visible_to(user=user).values_list("pk", flat=True))
        allowed = {p.pk for p in everyone if user.has_perm(PERM, p)}
        assert visible == allowed, viewer.display_name
