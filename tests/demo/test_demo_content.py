"""The demo learning content: three narrated videos, captions, guide and PDFs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import pytest
import webvtt
from django.conf import settings

from crystal_learning.demo.content import ASSETS
from crystal_learning.demo.leaflets import DOCUMENTS
from crystal_learning.demo.narration import MODULES
from modules.models import ResourcePage, TilePage, VideoModulePage

ROOT = Path(settings.BASE_DIR)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def spoken(module: dict) -> list[str]:
    return words(" ".join(s for slide in module["slides"] for s in slide["sentences"]))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["slug"])
def test_each_video_is_short_small_and_captioned_word_for_word(module):
    manifest = json.loads((ASSETS / "manifest.json").read_text())
    built = next(m for m in manifest["modules"] if m["slug"] == module["slug"])
    video = ASSETS / built["video"]
    assert video.stat().st_size <= 2 * 1024 * 1024
    _frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(video))
    assert seconds <= 90
    assert abs(seconds - built["duration"]) < 0.5

    captions = webvtt.read(str(ASSETS / built["captions"]))
    assert words(" ".join(c.text for c in captions)) == spoken(module)
    assert captions[-1].end_in_seconds <= seconds
    for cue in captions:
        lines = cue.text.splitlines()
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines), cue.text
    assert [c["title"] for c in built["chapters"]] == [
        s["heading"] for s in module["slides"]
    ]


def test_crystal_demo_installs_the_modules_guide_and_documents(demo_site, client):
    op_crystal = TilePage.objects.get(slug="op-crystal")
    victim_care = TilePage.objects.get(slug="victim-care")
    modules = VideoModulePage.objects.live().order_by("path")
    assert [m.title for m in modules] == [m["title"] for m in MODULES]
    assert [m.get_parent().pk for m in modules] == [
        op_crystal.pk,
        op_crystal.pk,
        victim_care.pk,
    ]
    for page in modules:
        assert page.video.duration <= 90
        assert page.chapters.count() == 5
        assert page.transcript, page.title
        assert page.related_documents.filter(
            document__title="Victim of crime leaflet"
        ).exists()

    guide = ResourcePage.objects.get(slug="guide")
    assert [b.value["box"] for b in guide.body if b.block_type == "record_box"] == [
        "leaflet",
        "contact_details",
        "needs_assessment",
        "contact_plan",
        "vps",
        "right_to_review",
        "compensation",
    ]

    client.post(
        "/accounts/sign-in/", {"username": "officer", "password": "crystal-demo"}
    )
    tile_html = client.get(op_crystal.url).content.decode()
    assert "1. Why Op Crystal exists" in tile_html
    assert "Guide: the victim care log" in tile_html
    module_html = client.get(modules[1].url).content.decode()
    assert "Refer them to support within two working days." in module_html
    assert 'kind="captions"' in module_html

    for spec in DOCUMENTS:
        page = ResourcePage.objects.get(slug=spec["slug"])
        html = client.get(page.url).content.decode()
        assert spec["sections"][0][0] in html  # the accessible HTML version
        # The link records the opening, then sends the learner to the file.
        link = re.search(r'href="(/resources/document/\d+/)"', html).group(1)
        opened = client.get(link)
        assert opened.status_code == 302
        assert opened["Location"].startswith("/documents/")
        response = client.get(opened["Location"])
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")
        assert spec["title"].encode() in body  # the PDF's title metadata


def test_documents_need_sign_in(demo_site, client):
    page = ResourcePage.objects.get(slug="victim-of-crime-leaflet")
    client.post(
        "/accounts/sign-in/", {"username": "officer", "password": "crystal-demo"}
    )
    link = re.search(
        r'href="(/resources/document/\d+/)"', client.get(page.url).content.decode()
    ).group(1)
    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_the_committed_assets_are_what_the_script_builds(tmp_path):
    """Captions and PDFs rebuild byte for byte; the videos to the same length."""
    if shutil.which("espeak-ng") is None:
        message = "espeak-ng is needed to rebuild the demo videos (apt-get install)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_demo_media.py"),
            "--out",
            tmp_path,
        ],
        check=True,
        capture_output=True,
    )
    for module in MODULES:
        for suffix in (".vtt",):
            name = module["slug"] + suffix
            assert (tmp_path / name).read_bytes() == (ASSETS / name).read_bytes(), name
    for spec in DOCUMENTS:
        name = spec["filename"]
        assert (tmp_path / name).read_bytes() == (ASSETS / name).read_bytes(), name
    fresh = json.loads((tmp_path / "manifest.json").read_text())
    committed = json.loads((ASSETS / "manifest.json").read_text())
    for new, old in zip(fresh["modules"], committed["modules"], strict=True):
        assert new["duration"] == old["duration"]
        assert new["chapters"] == old["chapters"]
