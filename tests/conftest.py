from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from crystal_learning.people.roles import CONTENT_EDITOR, SUPERVISOR, TRAINING_MANAGER
from tests.factories import PersonFactory, UserFactory, make_team


@pytest.fixture
def team(db):
    return make_team(name="North Response A")


@pytest.fixture
def officer(team):
    return PersonFactory(team=team, display_name="PC Alex Morgan")


@pytest.fixture
def supervisor(team):
    return PersonFactory(
        team=team,
        display_name="PS Jordan Reid",
        rank="PS",
        supervises=[team],
        user=UserFactory(roles=[SUPERVISOR]),
    )


@pytest.fixture
def training_manager(db):
    return PersonFactory(
        display_name="Sam Patel",
        rank="STAFF",
        user=UserFactory(roles=[TRAINING_MANAGER]),
    )


@pytest.fixture
def content_editor(db):
    return PersonFactory(
        display_name="Chris Walsh",
        rank="STAFF",
        user=UserFactory(roles=[CONTENT_EDITOR]),
    )


def run_demo(people: int = 120, seed: int = 2022) -> str:
    out = io.StringIO()
    call_command("crystal_demo", people=people, seed=seed, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_site(db):
    """A small demo force with the page tree and the demo sign-ins."""
    return run_demo()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (pages cache per published version)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
