"""Builders for tests: a small force with teams, people and roles."""

from __future__ import annotations

import itertools
from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from crystal_learning.people.models import Person, ShiftPattern, Team
from crystal_learning.people.roles import LEARNER
from crystal_learning.people.services import force_root

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
