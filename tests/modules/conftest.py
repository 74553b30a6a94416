from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document
from wagtailmedia.models import Media

from crystal_learning.people.models import Person
from modules.models import TilePage, VideoChapter, VideoModulePage
from tests.conftest import run_demo

VTT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\nOp Crystal sets one standard for victim care.\n\n"
    "00:00:04.500 --> 00:00:09.000\nEvery victim gets the same information.\n\n"
    "00:00:20.000 --> 00:00:25.000\nA no needs a written reason.\n"
)


def make_captions(text: str = VTT, name: str = "captions.vtt") -> Document:
    document = Document(title=name)
    document.file.save(name, ContentFile(text.encode()), save=False)
    document.save()
    return document


def make_video(kind: str = "video", duration: float = 80.0) -> Media:
    media = Media(title="Why Op Crystal", type=kind, duration=duration)
    media.file.save(
        "why-op-crystal.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False
    )
    media.save()
    return media


@pytest.fixture
def op_crystal_tile(demo_site):
    return TilePage.objects.get(slug="op-crystal")


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


__all__ = ["make_captions", "make_video", "run_demo"]


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
