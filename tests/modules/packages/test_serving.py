"""Package files: sandboxed, cookie-free, inside their folder, while the link lasts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from crystal_learning.people.models import Person
from modules.packages.services import launch_file_url, launch_start
from modules.packages.serving import POLICY
from tests.helpers import sign_in
from tests.modules.packages.factories import package_module


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def launched(op_crystal_tile):
    """A Tin Can package launched by the officer: (launch, its file URL prefix)."""
    page = package_module(tile=op_crystal_tile, kind="scorm2004")
    officer = Person.objects.get(user__username="officer")
    launch, _secret = launch_start(
        page=page, person=officer, unit_id=page.package_structure.units[0].id
    )
    return launch, launch_file_url(launch, "").rstrip("/")


def test_a_file_is_served_with_the_sandbox_and_no_cookie(launched):
    _launch, base = launched
    response = Client().get(f"{base}/content/sco/app.js")  # no session at all
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"console.log('ready');"
    assert response["Content-Security-Policy"] == POLICY
    assert POLICY.startswith(
        "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads;"
    )
    assert "allow-same-origin" not in POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Set-Cookie" not in response and not response.cookies


def test_byte_ranges_are_served(launched):
    _launch, base = launched
    response = Client().get(f"{base}/content/sco/app.js", HTTP_RANGE="bytes=0-6")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"console"


@pytest.mark.parametrize(
    "path",
    [
        "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "content/%2e%2e/%2e%2e/%2e%2e/manage.py",
        "/etc/passwd",
        "content/sco/",
        "content%5Csco%5Capp.js",
        "missing.html",
    ],
)
def test_paths_outside_the_package_are_not_found(launched, path):
    _launch, base = launched
    assert Client().get(f"{base}/{path}").status_code == 404


def test_a_forged_token_is_not_found(launched):
    launch, base = launched
    token = base.rsplit("/", 1)[-1]
    forged = base.replace(token, token[:-2] + ("aa" if token[-2:] != "aa" else "bb"))
    assert Client().get(f"{forged}/content/sco/app.js").status_code == 404
    assert (
        Client().get(f"/packages/run/{launch.pk}/content/sco/app.js").status_code == 404
    )


def test_an_expired_link_is_not_found(launched):
    _launch, base = launched
    with freeze_time(timezone.now() + timedelta(hours=13)):
        assert Client().get(f"{base}/content/sco/app.js").status_code == 404


def test_an_unpublished_package_is_no_longer_served(launched):
    launch, base = launched
    launch.page.unpublish()
    assert Client().get(f"{base}/content/sco/app.js").status_code == 404


def test_posting_to_a_package_file_is_refused(launched):
    _launch, base = launched
    assert Client().post(f"{base}/content/sco/app.js").status_code == 405


def test_the_extracted_files_are_not_served_raw_from_media(client, launched):
    launch, _base = launched
    root = launch.page.content_root()
    sign_in(client, "officer")
    raw = f"/media/packages/{root.parent.name}/{root.name}/content/sco/app.js"
    assert client.get(raw).status_code == 404


def test_the_scorm_runtime_is_inserted_into_the_launching_page(launched):
    from modules.packages import scorm

    launch, base = launched
    response = Client().get(f"{base}/content/sco/start.html")
    assert response.status_code == 200
    text = response.content.decode()
    snippet = scorm.runtime_snippet(launch)
    assert text.startswith("<!doctype html><html><head>" + snippet + "<title>")
    assert response["Content-Security-Policy"] == POLICY
    assert response["Cache-Control"] == "no-store"


def test_a_separate_package_origin(settings, client, launched):
    settings.CRYSTAL_PACKAGE_ORIGIN = "https://packages.example.police.uk"
    settings.CRYSTAL_SITE_URL = "https://learning.example.police.uk"
    launch, _base = launched
    url = launch_file_url(launch, "content/sco/app.js")
    assert url.startswith("https://packages.example.police.uk/packages/run/")
    response = Client().get(url.removeprefix("https://packages.example.police.uk"))
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://learning.example.police.uk" in policy
    assert "X-Frame-Options" not in response

    sign_in(client, "officer")
    player = client.post(f"/packages/launch/{launch.page.pk}/0/", follow=True)
    assert 'src="https://packages.example.police.uk/packages/run/' in player.text
    # On its own origin a package keeps it, so its own frames can talk.
    assert "allow-same-origin" in player.text
    assert "sandbox allow-scripts allow-forms" in policy
    assert "allow-same-origin" in policy
    assert "https://packages.example.police.uk" in player["Content-Security-Policy"]
