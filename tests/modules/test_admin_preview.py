"""Editors preview every page type and every body block before publishing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from modules.models import ResourcePage, TilePage, VideoModulePage
from tests.helpers import sign_in
from tests.modules.factories import (
    leaflet_document,
    make_captions,
    make_video,
    publish_child,
    video_module,
)


@pytest.fixture
def each_page_type(op_crystal_tile):
    """The learning home, a tile, a video module and a resource page."""
    video_module(tile=op_crystal_tile, slug="why-op-crystal", title="Why Op Crystal")
    leaflet = ResourcePage(
        title="Victim of crime leaflet",
        slug="victim-of-crime-leaflet",
        body=[("document", {"document": leaflet_document(), "label": ""})],
    )
    publish_child(op_crystal_tile, leaflet)


@pytest.mark.parametrize(
    "slug", ["learning", "op-crystal", "why-op-crystal", "victim-of-crime-leaflet"]
)
def test_an_editor_views_the_draft_of_each_page_type(each_page_type, client, slug):
    page = Page.objects.get(slug=slug).specific
    page.title = f"{page.title} (draft)"
    page.save_revision()  # a draft, not published
    sign_in(client, "editor")
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert page.title in html
    if slug == "why-op-crystal":  # the editor's viewing is not recorded
        assert 'data-tracking="off"' in html
        assert "Preview: viewing here is not recorded." in html
    client.logout()
    sign_in(client, "officer")
    assert "(draft)" not in client.get(page.url).content.decode()


def test_an_editor_previews_a_new_module_with_every_block(each_page_type, client):
    tile = TilePage.objects.get(slug="op-crystal")
    leaflet = ResourcePage.objects.get(slug="victim-of-crime-leaflet")
    document = next(b for b in leaflet.body if b.block_type == "document").value[
        "document"
    ]
    data = nested_form_data(
        {
            "title": "4. Updates that victims can rely on",
            "slug": "updates",
            "summary": "Keeping to the contact plan.",
            "video": make_video().pk,
            "captions": make_captions().pk,
            "captions_language": "en-GB",
            "completion_threshold": "0.9",
            "estimated_minutes": "3",
            "content_version": "1",
            "learning_outcomes": rich_text("<ul><li>Keep to the plan</li></ul>"),
            "body": streamfield(
                [
                    ("text", rich_text("<p>Updates matter to victims.</p>")),
                    (
                        "callout",
                        {
                            "heading": "Never miss an update",
                            "text": rich_text("<p>Set a reminder.</p>"),
                        },
                    ),
                    (
                        "record_box",
                        {
                            "box": "contact_plan",
                            "what_to_record": rich_text("<p>How and how often.</p>"),
                            "worked_example": "Weekly email on Fridays.",
                        },
                    ),
                    ("document", {"document": document.pk, "label": "The leaflet"}),
                ]
            ),
            "chapters": inline_formset(
                [{"start_seconds": "30", "title": "Agreeing the plan"}]
            ),
            "related_documents": inline_formset([]),
            "caption_tracks": inline_formset([]),
        }
    )
    sign_in(client, "editor")
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["crystal_modules", "videomodulepage", tile.pk],
    )
    response = client.post(url, data)
    assert response.json()["is_valid"] is True
    html = client.get(url).content.decode()
    for text in [
        "4. Updates that victims can rely on",
        "Updates matter to victims.",
        "Never miss an update",
        "Contact plan",
        "Weekly email on Fridays.",
        "The leaflet",
        "0:30 Agreeing the plan",
        "Keep to the plan",
        "Op Crystal sets one standard for victim care.",  # the transcript
    ]:
        assert text in html, text
    assert not VideoModulePage.objects.filter(slug="updates").exists()
    # The editor's preview panel frames it: this site may, nobody else, and
    # every other admin page still refuses to be framed (issue 18.6).
    preview = client.get(url)
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    policy = {d.strip() for d in preview["Content-Security-Policy"].split(";")}
    assert "frame-ancestors 'self'" in policy, (url, preview["Content-Security-Policy"])
    editor_page = client.get(reverse("wagtailadmin_pages:edit", args=[tile.pk]))
    assert editor_page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in editor_page["Content-Security-Policy"]


def test_a_preview_with_bad_captions_says_what_is_wrong(op_crystal_tile, client):
    tile = TilePage.objects.get(slug="op-crystal")
    data = nested_form_data(
        {
            "title": "Broken",
            "slug": "broken",
            "video": make_video().pk,
            "captions": make_captions("not captions").pk,
            "captions_language": "en-GB",
            "completion_threshold": "0.9",
            "estimated_minutes": "3",
            "content_version": "1",
            "learning_outcomes": rich_text(""),
            "body": streamfield([]),
            "chapters": inline_formset([]),
            "related_documents": inline_formset([]),
            "caption_tracks": inline_formset([]),
        }
    )
    sign_in(client, "editor")
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["crystal_modules", "videomodulepage", tile.pk],
    )
    assert client.post(url, data).json()["is_valid"] is False


@pytest.fixture
def library(sign_ins):
    """A video, its captions and a PDF, for the blocks' previews to show."""
    make_video()
    make_captions()
    leaflet_document()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("text", "Every victim gets the same standard of care."),
        ("callout", "A &#x27;no&#x27; needs a reason"),
        ("record_box", "Victim of crime leaflet"),
        ("document", "(PDF)"),
        ("vlog", "Assistant Chief Constable"),
    ],
)
def test_every_body_block_has_a_styled_preview(library, client, name, expected):
    block = VideoModulePage.body.field.stream_block.child_blocks[name]
    sign_in(client, "editor")
    response = client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert "crystal_learning/css/crystal.css" in html
    assert block.meta.icon and block.meta.description
