"""Video module pages: what an officer sees, and what an editor may publish."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from crystal_learning.xapi.agents import platform_authority
from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.pipeline import statements_record
from modules.models import VideoModulePage, VideoWatch
from modules.services import module_completed_statement
from tests.helpers import sign_in
from tests.modules.factories import make_captions, make_video, video_module
from tests.people.factories import PersonFactory


def test_an_officer_sees_the_player_with_captions_transcript_and_chapters(
    client, module
):
    sign_in(client, "officer")
    text = client.get(module.url).content.decode()
    assert '<video class="crystal-player__video" controls' in text
    assert f'<track kind="captions" src="{module.captions.url}" srclang="en-GB"' in text
    assert (
        "Op Crystal sets one standard for victim care. Every victim gets the same"
        in text
    )
    assert (
        "0:20</span> A no needs a written reason." in text
    )  # a new paragraph after a pause
    assert 'data-seek="65">1:05 Record boxes' in text
    assert "Explain the standard" in text
    assert "your viewing is not recorded" in text  # the no-JavaScript notice


def test_the_tile_lists_its_modules(client, module, op_crystal_tile):
    sign_in(client, "officer")
    text = client.get(op_crystal_tile.url).content.decode()
    assert f'href="{module.url}"' in text and "Test module: the standard" in text


def test_the_captions_file_is_served_as_webvtt(client, module):
    sign_in(client, "officer")
    response = client.get(module.captions.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")


def test_a_module_page_renders_in_a_fixed_number_of_queries(
    client, module, op_crystal_tile
):
    sign_in(client, "officer")
    client.get(module.url)  # warm caches (site, session)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(module.url).status_code == 200
        return len(captured)

    before = queries()
    for number in range(5):
        video_module(
            tile=op_crystal_tile, slug=f"module-{number}", title=f"Module {number}"
        )
    # More people, who have watched and completed it, and their statements.
    people = PersonFactory.create_batch(25)
    for person in people:
        VideoWatch.objects.create(person=person, page=module, fraction=1.0)
    statements_record(
        statements=[module_completed_statement(person, module) for person in people],
        authority=platform_authority(),
    )
    assert Statement.objects.count() >= 25
    assert queries() == before


def post_module(client, parent, *, publish: bool, **fields):
    data = nested_form_data(
        {
            "title": "Closing a crime",
            "slug": "editor-module",
            "summary": "",
            "video": fields.get("video", ""),
            "captions": fields.get("captions", ""),
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
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(
        f"/admin/pages/add/crystal_modules/videomodulepage/{parent.pk}/", data
    )


@pytest.mark.parametrize(
    ("make_fields", "message"),
    [
        (lambda: {"video": make_video().pk}, "This field is required."),
        (
            lambda: {
                "video": make_video().pk,
                "captions": make_captions("not captions at all").pk,
            },
            "A WebVTT file starts with the line WEBVTT.",
        ),
        (
            lambda: {
                "video": make_video().pk,
                "captions": make_captions(
                    "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nx\n"
                ).pk,
            },
            "Cue 1 ends before it starts.",
        ),
        (
            lambda: {
                "video": make_video().pk,
                "captions": make_captions("WEBVTT\n", name="notes.txt").pk,
            },
            "Captions must be a WebVTT file ending in .vtt.",
        ),
        (
            lambda: {
                "video": make_video(kind="audio").pk,
                "captions": make_captions().pk,
            },
            "Choose a video; this media item is audio.",
        ),
    ],
    ids=["no captions", "not webvtt", "backwards cue", "not a .vtt file", "audio"],
)
def test_a_module_cannot_be_published_without_good_captions_and_a_video(
    client, op_crystal_tile, make_fields, message
):
    sign_in(client, "editor")
    response = post_module(client, op_crystal_tile, publish=True, **make_fields())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VideoModulePage.objects.filter(slug="editor-module", live=True).exists()


def test_a_draft_may_be_saved_before_the_captions_exist(client, op_crystal_tile):
    sign_in(client, "editor")
    response = post_module(
        client, op_crystal_tile, publish=False, video=make_video().pk
    )
    assert response.status_code == 302
    draft = VideoModulePage.objects.get(slug="editor-module")
    assert not draft.live and draft.captions is None


def test_an_editor_publishes_a_module_with_captions(client, op_crystal_tile):
    sign_in(client, "editor")
    response = post_module(
        client,
        op_crystal_tile,
        publish=True,
        video=make_video().pk,
        captions=make_captions().pk,
    )
    assert response.status_code == 302
    assert VideoModulePage.objects.get(slug="editor-module").live


def test_the_module_has_a_stable_activity_id(module):
    assert module.activity_id.endswith(f"/module/{module.translation_key}")
    module.slug = "renamed"
    module.save()
    assert module.activity_id.endswith(f"/module/{module.translation_key}")


def test_the_tile_shows_a_newly_published_or_unpublished_module_at_once(
    client, module, op_crystal_tile
):
    sign_in(client, "officer")
    assert "Test module: the standard" in client.get(op_crystal_tile.url).text
    extra = VideoModulePage(
        title="Brand new module",
        slug="brand-new",
        live=False,
        video=make_video(),
        captions=make_captions(),
    )
    op_crystal_tile.add_child(instance=extra)
    assert "Brand new module" not in client.get(op_crystal_tile.url).text  # a draft
    extra.save_revision().publish()
    assert "Brand new module" in client.get(op_crystal_tile.url).text
    extra.refresh_from_db()
    extra.unpublish()
    assert "Brand new module" not in client.get(op_crystal_tile.url).text


def test_a_tile_renders_in_a_fixed_number_of_queries(client, module, op_crystal_tile):
    sign_in(client, "officer")
    client.get(op_crystal_tile.url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(op_crystal_tile.url).status_code == 200
        return len(captured)

    before = queries()
    for number in range(5):
        video_module(
            tile=op_crystal_tile, slug=f"module-{number}", title=f"Module {number}"
        )
    client.get(op_crystal_tile.url)  # the first view of the new version fills the cache
    assert queries() == before
    assert "Module 4" in client.get(op_crystal_tile.url).text
