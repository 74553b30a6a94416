"""The demo page tree: a learning home with the "Op Crystal" and "Victim care" tiles."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site
from wagtailmedia.models import get_media_model

from modules.caption_tracks import CaptionTrack
from modules.models import (
    RelatedDocument,
    ResourcePage,
    TileIndexPage,
    TilePage,
    VideoChapter,
    VideoModulePage,
)
from quizzes.models import QuizPage

from .leaflets import DOCUMENTS, SAMPLE_NOTICE
from .narration import MODULES
from .packages.install import demo_packages_build
from .quizzes import QUIZZES

ASSETS = Path(__file__).resolve().parent / "assets"
COLLECTION_NAME = "Op Crystal training"

HOME_INTRO = (
    "<p>Op Crystal sets one standard for how we look after victims of crime and how we "
    "record it. Everyone in an operational role completes three short videos and their "
    "quizzes. Start with the Op Crystal tile.</p>"
)

TILES = [
    {
        "slug": "op-crystal",
        "title": "Op Crystal",
        "summary": (
            "Why Op Crystal exists and what you must now record in the victim care log."
        ),
        "intro": (
            "<p>Op Crystal is our standard for investigation plans, crime records "
            "and victim "
            "care contacts. The victim care log now has mandatory record boxes: the "
            "victim of "
            "crime leaflet, contact details, the victims needs assessment, the "
            "contact plan, the "
            "Victim Personal Statement, the right to review and compensation.</p>"
            "<p>If you answer no to a record box, you must write down why.</p>"
        ),
    },
    {
        "slug": "victim-care",
        "title": "Victim care",
        "summary": (
            "The Victims' Code in practice: needs, updates, statements, closing crimes."
        ),
        "intro": (
            "<p>The Victims' Code gives victims 12 rights. This tile explains the "
            "ones you deliver "
            "every day: written confirmation of the report, a needs assessment and "
            "referral, "
            "updates at the agreed frequency, the Victim Personal Statement, "
            "information about "
            "compensation and the right to review a decision not to charge.</p>"
        ),
    },
]


@transaction.atomic
def demo_pages_build() -> TileIndexPage:
    """Create the learning home and tiles if missing; make the home the site root."""
    home = TileIndexPage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = root.add_child(
            instance=TileIndexPage(title="Learning", slug="learning", intro=HOME_INTRO)
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Crystal Learning",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = site.site_name or "Crystal Learning"
        site.save()
        # Wagtail's welcome page is pointless once the learning home is live.
        if (
            type(old_root.specific) is Page
            and old_root.slug == "home"
            and not old_root.get_children().exists()
        ):
            old_root.delete()
    tiles = {}
    for spec in TILES:
        tile = TilePage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if tile is None:
            tile = home.add_child(instance=TilePage(**spec))
            tile.save_revision().publish()
        tiles[spec["slug"]] = tile.specific
    demo_learning_build(tiles)
    demo_packages_build(tiles["op-crystal"])
    return home


# The record boxes, explained for the "Guide: the victim care log" resource.
RECORD_BOX_GUIDE = [
    (
        "leaflet",
        "<p>Whether you gave the victim of crime leaflet, and in which format: "
        "paper, email, text message or an accessible format.</p>",
        "Leaflet sent by email at 14:10; the victim prefers email.",
    ),
    (
        "contact_details",
        "<p>That you left your name, how to reach you and the crime reference "
        "number.</p>",
        "Left my name, collar number, team email and the crime number on a card.",
    ),
    (
        "needs_assessment",
        "<p>The answers to the needs assessment questions at the front of the log, "
        "whether enhanced rights apply, and any referral to support (within 2 "
        "working days).</p>",
        "Lives alone, anxious about a repeat break-in. Referred to victim support.",
    ),
    (
        "contact_plan",
        "<p>How and how often the victim wants updates, and what about. Any officer "
        "on the case reads and updates it.</p>",
        "Email updates every 14 days and on any arrest; no phone calls at work.",
    ),
    (
        "vps",
        "<p>Whether you offered a Victim Personal Statement; if not, why not.</p>",
        "VPS offered; the victim will decide after speaking to family.",
    ),
    (
        "right_to_review",
        "<p>When the crime is closed as no further action after a suspect was "
        "interviewed under caution: whether you told the victim about the Victims' "
        "Right to Review.</p>",
        "Told the victim by phone on 3 March and confirmed by email.",
    ),
    (
        "compensation",
        "<p>When closing the crime: whether you gave information about compensation "
        "where appropriate.</p>",
        "Not appropriate: no injury or loss. Rationale recorded.",
    ),
]


def _collection() -> Collection:
    existing = Collection.objects.filter(name=COLLECTION_NAME).first()
    if existing is not None:
        return existing
    return Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def _document(title: str, filename: str, collection: Collection):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=collection)
        with (ASSETS / filename).open("rb") as handle:
            document.file.save(filename, File(handle), save=False)
        document.save()
    return document


def _video(title: str, filename: str, duration: float, collection: Collection):
    Media = get_media_model()
    media = Media.objects.filter(title=title, type="video").first()
    if media is None:
        media = Media(
            title=title,
            type="video",
            duration=duration,
            width=1280,
            height=720,
            collection=collection,
        )
        with (ASSETS / filename).open("rb") as handle:
            media.file.save(filename, File(handle), save=False)
        media.save()
    return media


def _paragraphs(document_spec: dict) -> str:
    html = [f"<p><em>{escape(SAMPLE_NOTICE)}</em></p>"]
    for heading, paragraphs in document_spec["sections"]:
        html.append(f"<h2>{escape(heading)}</h2>")
        html += [f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs]
    return "".join(html)


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def demo_learning_build(tiles: dict[str, TilePage]) -> None:
    """Install the three video modules, the guide and the two documents.

    The videos, captions and PDFs come from crystal_learning/demo/assets/, built by
    scripts/build_demo_media.py. Pages that exist already (by slug) are left as an
    editor may have changed them.
    """
    manifest = json.loads((ASSETS / "manifest.json").read_text())
    collection = _collection()
    documents = {}
    for spec in DOCUMENTS:
        built = next(d for d in manifest["documents"] if d["slug"] == spec["slug"])
        documents[spec["slug"]] = _document(spec["title"], built["file"], collection)

    for spec in MODULES:
        tile = tiles[spec["tile"]]
        if VideoModulePage.objects.child_of(tile).filter(slug=spec["slug"]).exists():
            continue
        built = next(m for m in manifest["modules"] if m["slug"] == spec["slug"])
        video = _video(spec["title"], built["video"], built["duration"], collection)
        captions = _document(
            f"{spec['title']} (captions)", built["captions"], collection
        )
        body = []
        if spec["slug"] == "why-op-crystal":
            body.append(
                (
                    "callout",
                    {
                        "heading": "A 'no' needs a reason",
                        "text": "<p>Every record box is answered yes or no. If you "
                        "answer no, write down why.</p>",
                    },
                )
            )
        page = VideoModulePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            video=video,
            captions=captions,
            learning_outcomes="<ul>"
            + "".join(f"<li>{escape(o)}</li>" for o in spec["outcomes"])
            + "</ul>",
            # Only shown if the video's length is unknown (modules/durations.py).
            estimated_minutes=max(1, round(built["duration"] / 60)),
            body=body,
        )
        page.chapters = [
            VideoChapter(start_seconds=c["start_seconds"], title=c["title"])
            for c in built["chapters"]
        ]
        related = (
            ["roads-policing-booklet", "victim-of-crime-leaflet"]
            if spec["tile"] == "victim-care"
            else ["victim-of-crime-leaflet"]
        )
        page.related_documents = [
            RelatedDocument(document=documents[slug]) for slug in related
        ]
        # Welsh captions where the demo has them (same cue timings; docs/welsh.md).
        if (ASSETS / f"{spec['slug']}.cy.vtt").exists():
            welsh = _document(
                f"{spec['title']} (capsiynau Cymraeg)",
                f"{spec['slug']}.cy.vtt",
                collection,
            )
            page.caption_tracks = [CaptionTrack(captions=welsh, language="cy")]
        _publish_child(tile, page)

    demo_quizzes_build(tiles)

    op_crystal = tiles["op-crystal"]
    if not ResourcePage.objects.child_of(op_crystal).filter(slug="guide").exists():
        body = [
            (
                "text",
                "<p>The victim care log has seven mandatory record boxes. Answer "
                "each one yes or no; a no always needs a written rationale.</p>",
            ),
            *[
                (
                    "record_box",
                    {"box": box, "what_to_record": what, "worked_example": example},
                )
                for box, what, example in RECORD_BOX_GUIDE
            ],
        ]
        _publish_child(
            op_crystal,
            ResourcePage(
                title="Guide: the victim care log",
                slug="guide",
                summary="Each record box, what to write and a worked example.",
                body=body,
            ),
        )

    for spec in DOCUMENTS:
        tile = tiles[spec["tile"]]
        if ResourcePage.objects.child_of(tile).filter(slug=spec["slug"]).exists():
            continue
        body = [
            (
                "document",
                {"document": documents[spec["slug"]], "label": ""},
            ),
            ("text", _paragraphs(spec)),
        ]
        _publish_child(
            tile,
            ResourcePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                body=body,
            ),
        )


def demo_quizzes_build(tiles: dict[str, TilePage]) -> None:
    """One quiz per module, linked from it so it opens once the video is done."""
    for spec in QUIZZES:
        tile = tiles[spec["tile"]]
        quiz = QuizPage.objects.child_of(tile).filter(slug=spec["slug"]).first()
        if quiz is None:
            quiz = _publish_child(
                tile,
                QuizPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    summary=spec["summary"],
                    intro=spec["intro"],
                    pass_mark=80,
                    attempts_allowed=spec.get("attempts_allowed", 0),
                    questions_per_attempt=spec["questions_per_attempt"],
                    questions=spec["questions"],
                ),
            )
        if spec["module"] is None:
            continue  # a quiz of its own, open without a video first
        module = VideoModulePage.objects.filter(slug=spec["module"]).first()
        if module is not None and module.quiz_id is None:
            module.quiz = quiz
            module.save_revision().publish()
