from datetime import date

import pytest

from crystal_learning.people.models import Absence
from crystal_learning.people.selectors import person_duty_code, team_on_duty_strength
from crystal_learning.people.services import absence_create
from tests.people.factories import PersonFactory, ShiftPatternFactory, make_team

EARLY_DAY = date(2024, 1, 1)  # the anchor: code E for offset 0
REST_DAY = date(2024, 1, 7)


@pytest.fixture
def response_team(db):
    return make_team(
        name="Response A", pattern=ShiftPatternFactory(anchor_date=EARLY_DAY)
    )


def test_person_duty_code_comes_from_their_team_pattern(response_team):
    person = PersonFactory(team=response_team)
    assert person_duty_code(person=person, on=EARLY_DAY) == "E"
    assert person_duty_code(person=person, on=REST_DAY) == "R"


def test_an_absence_replaces_the_pattern_code(response_team):
    person = PersonFactory(team=response_team)
    absence_create(
        person=person, kind=Absence.Kind.LEAVE, starts_on=EARLY_DAY, ends_on=EARLY_DAY
    )
    assert person_duty_code(person=person, on=EARLY_DAY) == "AL"


def test_on_duty_strength_counts_active_people_who_are_not_absent(
    response_team, django_assert_max_num_queries
):
    people = PersonFactory.create_batch(6, team=response_team)
    absence_create(
        person=people[0],
        kind=Absence.Kind.SICKNESS,
        starts_on=EARLY_DAY,
        ends_on=EARLY_DAY,
    )
    people[1].active = False
    people[1].save()
    with django_assert_max_num_queries(1):
        assert team_on_duty_strength(team=response_team, on=EARLY_DAY) == 4
    assert team_on_duty_strength(team=response_team, on=REST_DAY) == 0


def test_a_team_without_a_pattern_has_no_duty(db):
    team = make_team(name="Unrostered")
    PersonFactory(team=team)
    assert team_on_duty_strength(team=team, on=EARLY_DAY) == 0


def test_on_duty_strength_counts_a_person_by_their_own_pattern(
    response_team, django_assert_max_num_queries
):
    """The team's code is not everyone's: from its first day a person's own
    pattern decides (issue 19.2), as for reminders and the planner."""
    PersonFactory.create_batch(3, team=response_team)
    rests_when_team_works = PersonFactory(
        team=response_team,
        shift_pattern=ShiftPatternFactory(name="Rest first", codes="R,E"),
        shift_pattern_from=EARLY_DAY,
    )
    works_when_team_rests = PersonFactory(
        team=response_team,
        shift_pattern=ShiftPatternFactory(name="Days every day", codes="D"),
        shift_pattern_from=EARLY_DAY,
    )
    absence_create(
        person=PersonFactory(
            team=response_team,
            shift_pattern=works_when_team_rests.shift_pattern,
            shift_pattern_from=EARLY_DAY,
        ),
        kind=Absence.Kind.RESTRICTED,
        starts_on=REST_DAY,
        ends_on=REST_DAY,
    )
    with django_assert_max_num_queries(1):
        assert team_on_duty_strength(team=response_team, on=EARLY_DAY) == 5
    assert team_on_duty_strength(team=response_team, on=REST_DAY) == 1
    assert person_duty_code(person=rests_when_team_works, on=EARLY_DAY) == "R"
    # Before its first day the team's pattern still applies.
    assert team_on_duty_strength(team=response_team, on=date(2023, 12, 31)) == 0
