"""Editors upload videos through wagtailmedia's screens; wrong files are refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection
from wagtailmedia.models import Media

from crystal_learning.demo.content import ASSETS
from tests.helpers import sign_in

ADD_VIDEO = "/admin/media/video/add/"
COLLECTION_NAME = "Op Crystal training"


@pytest.fixture
def editor(sign_ins):
    """The content editor, with a collection to upload into."""
    Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def upload(client, name: str, content: bytes, duration: str = ""):
    return client.post(
        ADD_VIDEO,
        {
            "title": "New module video",
            "file": SimpleUploadedFile(name, content),
            "duration": duration,
            "width": "",
            "height": "",
            "tags": "",
            "collection": Collection.objects.get(name=COLLECTION_NAME).pk,
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "leaflet.pdf",
            b"%PDF-1.7\n...",
            "This file is a PDF document, not video. Choose an MP4, WEBM file.",
        ),
        (
            "leaflet.mp4",
            b"%PDF-1.7\n...",
            "This file is a PDF document, not video.",
        ),
        (
            "slides.pptx",
            b"PK\x03\x04....",
            "This file is an Office document or ZIP archive, not video.",
        ),
        (
            "notes.txt",
            b"just some notes about the video",
            "This file is not video we can play.",
        ),
        (
            "song.mp3",
            b"ID3\x04\x00\x00\x00\x00\x00\x00",
            "This file is not video we can play.",
        ),
    ],
)
def test_a_non_video_upload_gets_a_clear_error_and_nothing_is_stored(
    editor, client, name, content, message
):
    sign_in(client, "editor")
    before = Media.objects.count()
    response = upload(client, name, content, duration="60")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Media.objects.count() == before


def test_a_real_video_is_stored_with_its_duration_read_from_the_file(editor, client):
    sign_in(client, "editor")
    content = (ASSETS / "closing-a-crime.mp4").read_bytes()
    response = upload(client, "closing-a-crime-v2.mp4", content)
    assert response.status_code == 302
    media = Media.objects.get(title="New module video")
    assert media.type == "video"
    assert 60 < media.duration < 70  # read from the MP4 header, not typed in


def test_a_video_whose_length_cannot_be_read_needs_a_duration(editor, client):
    sign_in(client, "editor")
    webm_header = b"\x1a\x45\xdf\xa3" + b"\x00" * 60
    response = upload(client, "vlog.webm", webm_header)
    assert response.status_code == 200
    assert "Enter the video&#x27;s length in seconds" in response.content.decode()
    assert upload(client, "vlog.webm", webm_header, duration="45").status_code == 302
    assert Media.objects.get(title="New module video").duration == 45
