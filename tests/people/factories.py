"""Builders for tests: a small force with teams, people and roles."""

from __future__ import annotations

import itertools
from datetime import date
from types import SimpleNamespace

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from crystal_learning.people.models import Person, ShiftPattern, Team
from crystal_learning.people.roles import (
    CONTENT_EDITOR,
    LEARNER,
    SUPERVISOR,
    TRAINING_MANAGER,
)
from crystal_learning.people.services import force_root
from tests.helpers import PASSWORD

User = get_user_model()
_codes = itertools.count(1)


class ShiftPatternFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftPattern
        django_get_or_create = ("name",)

    name = "Response 10-day"
    codes = "E,E,L,L,N,N,R,R,R,R"
    anchor_date = date(2024, 1, 1)


def make_team(
    *,
    name: str = "",
    kind: str = Team.Kind.RESPONSE,
    parent: Team | None = None,
    pattern: ShiftPattern | None = None,
    offset: int = 0,
    code: str = "",
) -> Team:
    """Teams live in a tree, so they are added under a parent (the force by default)."""
    number = next(_codes)
    parent = parent or force_root()
    return parent.add_child(
        name=name or f"Team {number}",
        code=code or f"T{number:04d}",
        kind=kind,
        shift_pattern=pattern,
        shift_offset=offset,
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        names = [LEARNER, *(extracted or [])]
        for name in names:
            self.groups.add(Group.objects.get(name=name))
        self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    display_name = factory.Sequence(lambda n: f"Officer {n}")
    rank = Person.Rank.CONSTABLE
    team = factory.LazyFunction(make_team)

    @factory.post_generation
    def supervises(self, create, extracted, **kwargs):
        if extracted:
            self.supervises.set(extracted)


def person_with_sign_in(username: str, *, roles: tuple[str, ...] = (), **fields):
    """A person who signs in through the form as `username` (tests.helpers.sign_in)."""
    user = UserFactory(username=username, password=PASSWORD, roles=list(roles))
    return PersonFactory(user=user, **fields)


def make_sign_ins() -> SimpleNamespace:
    """The demo's four sign-ins: the officer and their sergeant in North Response A
    (in the North Area); the manager and the editor in L&D (staff)."""
    north = make_team(name="North Area", code="AREA-N", kind=Team.Kind.AREA)
    response = make_team(
        name="North Response Team A",
        code="N-RESP-A",
        parent=north,
        pattern=ShiftPatternFactory(),
    )
    staff = make_team(
        name="Learning and development", code="OPS-LD", kind=Team.Kind.STAFF
    )

    def sign_in_as(username, staff_number, display_name, rank, team, roles=(), **more):
        return person_with_sign_in(
            username,
            roles=roles,
            **more,
            staff_number=staff_number,
            display_name=display_name,
            rank=rank,
            team=team,
            email=f"{username}@example.police.uk",
        )

    rank = Person.Rank
    return SimpleNamespace(
        north=north,
        response=response,
        staff=staff,
        officer=sign_in_as(
            "officer", "DEMO0001", "PC Alex Morgan", rank.CONSTABLE, response
        ),
        sergeant=sign_in_as(
            "sergeant",
            "DEMO0002",
            "PS Jordan Reid",
            rank.SERGEANT,
            response,
            (SUPERVISOR,),
            supervises=[response],
        ),
        manager=sign_in_as(
            "manager", "DEMO0003", "Sam Patel", rank.STAFF, staff, (TRAINING_MANAGER,)
        ),
        editor=sign_in_as(
            "editor", "DEMO0004", "Chris Walsh", rank.STAFF, staff, (CONTENT_EDITOR,)
        ),
    )
