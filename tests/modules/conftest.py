from __future__ import annotations

import pytest
from django.test import Client

from crystal_learning.people.models import Person
from modules.models import VideoChapter, VideoModulePage
from tests.modules.factories import make_captions, make_video, tile_page


@pytest.fixture
def op_crystal_tile(sign_ins):
    return tile_page(slug="op-crystal", title="Op Crystal")


@pytest.fixture
def module(op_crystal_tile):
    page = VideoModulePage(
        title="Test module: the standard",
        slug="test-module",
        summary="The standard.",
        video=make_video(),
        captions=make_captions(),
        learning_outcomes="<ul><li>Explain the standard</li></ul>",
    )
    op_crystal_tile.add_child(instance=page)
    VideoChapter.objects.create(
        page=page, start_seconds=0, title="The standard", sort_order=0
    )
    VideoChapter.objects.create(
        page=page, start_seconds=65, title="Record boxes", sort_order=1
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def officer(module):
    return Person.objects.get(user__username="officer")


@pytest.fixture
def officer_browser(officer, module):
    """The officer's browser on the module page, with its CSRF cookie."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    client.get(module.url)  # the CSRF cookie, as the page would set it
    return client
