"""Builders for the learning pages: the home, tiles, video modules and their media."""

from __future__ import annotations

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Page, Site
from wagtailmedia.models import Media

from modules.models import TileIndexPage, TilePage, VideoModulePage

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


def publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def learning_home() -> TileIndexPage:
    """The learning home, published and made the default site's root."""
    home = TileIndexPage.objects.first()
    if home is None:
        home = publish_child(
            Page.get_first_root_node(), TileIndexPage(title="Learning", slug="learning")
        )
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


def tile_page(*, slug: str = "op-crystal", title: str = "Op Crystal") -> TilePage:
    """A published tile on the learning home."""
    return publish_child(learning_home(), TilePage(title=title, slug=slug))


def video_module(
    *, tile: TilePage, slug: str, title: str = "", **fields
) -> VideoModulePage:
    """A published video module with an 80 s video and good captions."""
    fields.setdefault("video", make_video())
    fields.setdefault("captions", make_captions())
    page = VideoModulePage(title=title or slug, slug=slug, **fields)
    return publish_child(tile, page)


def module_watched(person, page: VideoModulePage) -> None:
    """The person watched the module to the end: the viewing record and the
    platform's completion statement, as the player's statements would leave
    them (the quiz lock and every progress screen read the statement)."""
    from django.utils import timezone

    from crystal_learning.xapi.pipeline import statements_record
    from modules.models import VideoWatch
    from modules.services import module_completed_statement

    VideoWatch.objects.update_or_create(
        person=person,
        page=page,
        defaults={
            "fraction": 1.0,
            "completed_at": timezone.now(),
            "content_version": page.content_version,
        },
    )
    statements_record(
        statements=[module_completed_statement(person, page)], keep_existing=True
    )


def leaflet_document() -> Document:
    """A small PDF in the document library."""
    document = Document(title="Victim of crime leaflet")
    document.file.save("leaflet.pdf", ContentFile(b"%PDF-1.7\n..."), save=False)
    document.save()
    return document
