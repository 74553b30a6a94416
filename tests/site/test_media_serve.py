"""Development media serving answers Range requests, so a video can be seeked."""

import pytest
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

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


HUGE = "9" * 5000  # past Python's 4,300-digit limit for turning text into an int


@pytest.mark.parametrize(
    "header, status, content_range",
    [
        ("bytes=0-99999999999999999999999", 206, "bytes 0-10239/10240"),
        ("bytes=99999999999999999999-", 416, "bytes */10240"),
        (f"bytes=0-{HUGE}", 206, "bytes 0-10239/10240"),
        (f"bytes={HUGE}-", 416, "bytes */10240"),
        (f"bytes={HUGE}-{HUGE}", 416, "bytes */10240"),
        (f"bytes=-{HUGE}", 206, "bytes 0-10239/10240"),
        ("bytes=-0", 416, "bytes */10240"),
        ("bytes=10-5", 416, "bytes */10240"),
    ],
    ids=lambda value: str(value)[:40],
)
def test_huge_or_impossible_ranges_are_answered_never_an_error(
    media_root, header, status, content_range
):
    response = get(media_root, Range=header)
    assert response.status_code == status
    assert response["Content-Range"] == content_range


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-1,5-6," + ",".join(f"{n}-{n}" for n in range(2000)),
        "bytes=",
        "bytes=-",
        "items=0-10",
        "bytes=a-b",
        "bytes=\u00b2-\u00b3",
        "\x00\x01garbage",
    ],
    ids=lambda value: value[:40],
)
def test_many_ranges_or_garbage_get_the_whole_file(media_root, header):
    response = get(media_root, Range=header)
    assert response.status_code == 200 and body(response) == DATA


RANGES = st.from_regex(r"bytes=[0-9]{0,6000}-[0-9]{0,6000}", fullmatch=True)
LATIN_1 = st.text(alphabet=st.characters(max_codepoint=255), max_size=300)


@given(header=RANGES | LATIN_1)
@settings(max_examples=200, deadline=None)
def test_any_range_header_gets_the_file_a_part_or_416(tmp_path_factory, header):
    root = tmp_path_factory.getbasetemp() / "hypothesis-media"
    root.mkdir(exist_ok=True)
    (root / "clip.mp4").write_bytes(DATA)
    response = get(str(root), Range=header)
    assert response.status_code in (200, 206, 416)
