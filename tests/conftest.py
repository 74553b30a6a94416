from __future__ import annotations

import pytest

from crystal_learning.people.models import Person, Team
from crystal_learning.people.roles import CONTENT_EDITOR, SUPERVISOR, TRAINING_MANAGER
from crystal_learning.programmes.services import assignments_sync
from tests.helpers import run_demo
from tests.people.factories import (
    PersonFactory,
    UserFactory,
    make_sign_ins,
    make_team,
)
from tests.programmes.factories import core_content, core_programme


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


@pytest.fixture
def sign_ins(db):
    """The demo's four sign-ins (officer, sergeant, manager, editor), built small."""
    return make_sign_ins()


@pytest.fixture
def force(sign_ins):
    """The sign-ins, three more sergeants in North Response B (North Area), the
    two tiles with three modules and their quizzes, "Op Crystal core" assigned."""
    team = make_team(
        name="North Response Team B", code="N-RESP-B", parent=sign_ins.north
    )
    for number in range(1, 4):
        PersonFactory(
            team=team,
            rank=Person.Rank.SERGEANT,
            display_name=f"PS Sergeant {number}",
            email=f"sergeant{number}@example.police.uk",
        )
    core_programme(modules=core_content())
    return sign_ins


@pytest.fixture
def constables(force):
    """The force, with four more constables in the officer's team and ten each in
    North Response Team B and South Response Team A, all assigned "Op Crystal core"."""
    south = make_team(name="South Area", code="AREA-S", kind=Team.Kind.AREA)
    PersonFactory.create_batch(4, team=force.response)
    for team in [
        Team.objects.get(code="N-RESP-B"),
        make_team(name="South Response Team A", code="S-RESP-A", parent=south),
    ]:
        PersonFactory.create_batch(10, team=team)
    assignments_sync()
    return force


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


@pytest.fixture(autouse=True)
def _outside_a_request():
    """Each test starts outside a request: a streamed response a test did not
    read leaves its request open, with the locales it read kept
    (crystal_learning/site/locales.py)."""
    from crystal_learning.site.locales import locales_forget

    locales_forget()
    yield
    locales_forget()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request in Welsh leaves Welsh
    active on the thread (Django does not reset it after the test client's
    request), which would translate the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
