"""Development media serving answers Range requests, so a video can be seeked."""

import pytest
from django.test import RequestFactory

from crystal_learning.site.media_serve import serve_media

DATA = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def media_root(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "clip.mp4").write_bytes(DATA)
    return str(tmp_path / "media")


def get(media_root, path="clip.mp4", **headers):
    request = RequestFactory().get(f"/media/{path}", headers=headers)
    return serve_media(request, path, media_root)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_whole_file_says_it_accepts_ranges(media_root):
    response = get(media_root)
    assert response.status_code == 200 and response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4" and body(response) == DATA


def test_a_range_returns_206_with_just_those_bytes(media_root):
    response = get(media_root, Range="bytes=1000-1999")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 1000-1999/10240"
    assert body(response) == DATA[1000:2000]


def test_open_ended_and_suffix_ranges(media_root):
    assert body(get(media_root, Range="bytes=10000-")) == DATA[10000:]
    suffix = get(media_root, Range="bytes=-240")
    assert (
        suffix["Content-Range"] == "bytes 10000-10239/10240"
        and body(suffix) == DATA[-240:]
    )


def test_an_unsatisfiable_range_is_416(media_root):
    response = get(media_root, Range="bytes=20000-20010")
    assert response.status_code == 416 and response["Content-Range"] == "bytes */10240"


def test_paths_outside_media_are_not_served(media_root):
    from django.http import Http404

    with pytest.raises(Http404):
        get(media_root, path="../../etc/passwd")


def test_the_site_routes_media_through_the_range_aware_view(settings):
    from django.urls import resolve

    assert resolve("/media/media/clip.webm").func is serve_media
