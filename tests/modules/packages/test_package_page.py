"""The editor's journey (upload, refusals) and the learner's package page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crystal_learning.people.models import Person
from modules.models import PackageLaunch, PackageModulePage, TilePage
from modules.packages.services import package_outcome_record
from tests.helpers import sign_in
from tests.modules.packages.factories import (
    PACKAGES,
    package_document,
    package_module,
    post_package,
    zip_bytes,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A media folder of the test's own: what a refusal leaves is visible."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def packages_folder(settings):
    return Path(settings.MEDIA_ROOT) / "packages"


@pytest.mark.parametrize("kind", ["cmi5", "scorm12", "scorm2004", "tincan"])
def test_an_editor_uploads_each_kind_and_it_is_installed(client, op_crystal_tile, kind):
    sign_in(client, "editor")
    document = package_document(zip_bytes(PACKAGES[kind]))
    response = post_package(client, op_crystal_tile, document, slug=f"p-{kind}")
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PackageModulePage.objects.get(slug=f"p-{kind}")
    assert page.live and page.package_structure.kind == kind
    assert len(page.package_sha256) == 64
    launch = page.package_structure.units[0].url.split("?")[0]
    if kind != "cmi5" or not launch.startswith("http"):
        assert (page.content_root() / launch).is_file()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({**PACKAGES["scorm12"], "../evil.html": b"x"}, "zip slip"),
        ({"index.html": b"<html></html>"}, "cmi5.xml (cmi5), imsmanifest.xml"),
        ({"imsmanifest.xml": PACKAGES["scorm12"]["imsmanifest.xml"]}, "not in the zip"),
        ({"tincan.xml": "<tincan><activities>"}, "tincan.xml is not well-formed"),
    ],
)
def test_a_refused_upload_is_a_field_error_and_installs_nothing(
    client, op_crystal_tile, settings, files, message
):
    sign_in(client, "editor")
    document = package_document(zip_bytes(files))
    response = post_package(client, op_crystal_tile, document)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PackageModulePage.objects.exists()
    folder = packages_folder(settings)
    assert not folder.exists() or not any(folder.rglob("*.html"))


def test_a_file_that_is_not_a_zip_is_refused(client, op_crystal_tile):
    sign_in(client, "editor")
    response = post_package(client, op_crystal_tile, package_document(b"not a zip"))
    assert "This file is not a zip archive" in response.content.decode()


def test_a_new_upload_keeps_the_content_version(op_crystal_tile):
    page = package_module(tile=op_crystal_tile, kind="scorm12")
    from modules.packages.services import package_install

    package_install(
        page=page, document=package_document(zip_bytes(PACKAGES["scorm2004"]))
    )
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.package_structure.kind == "scorm2004" and page.content_version == 1


def test_the_tile_lists_the_package_module(client, op_crystal_tile):
    page = package_module(tile=op_crystal_tile, kind="cmi5", title="Record boxes")
    sign_in(client, "officer")
    text = client.get(op_crystal_tile.url).content.decode()
    assert f'href="{page.url}"' in text and "Record boxes" in text
    assert "crystal_modules.PackageModulePage" in TilePage.subpage_types


def test_the_page_offers_each_unit_and_then_resume_and_completion(
    client, op_crystal_tile
):
    page = package_module(
        tile=op_crystal_tile, kind="cmi5", title="Record boxes", estimated_minutes=12
    )
    sign_in(client, "officer")
    text = client.get(page.url).content.decode()
    assert "About 12 minutes" in text
    assert "The record boxes" in text and "Check your answers" in text
    assert text.count('data-testid="package-launch"') == 2
    assert 'name="csrfmiddlewaretoken"' in text
    assert f'action="/packages/launch/{page.pk}/0/"' in text
    assert ">Start<" in text and "Resume" not in text

    officer = Person.objects.get(user__username="officer")
    launch = PackageLaunch.objects.create(
        page=page,
        person=officer,
        unit_id=page.package_structure.units[0].id,
        kind="cmi5",
        registration="00000000-0000-4000-8000-000000000001",
        token_hash="0" * 64,
    )
    text = client.get(page.url).content.decode()
    assert "Resume" in text and "Completed on" not in text

    package_outcome_record(launch=launch, completed=True, passed=True, score_scaled=0.9)
    text = client.get(page.url).content.decode()
    assert "Completed on" in text and 'data-testid="package-complete"' in text


def test_the_launch_button_opens_the_player_in_a_sandboxed_frame(
    client, op_crystal_tile
):
    page = package_module(tile=op_crystal_tile, kind="scorm12")
    sign_in(client, "officer")
    client.get(page.url)
    launched = client.post(f"/packages/launch/{page.pk}/0/")
    launch = PackageLaunch.objects.get()
    # Post/redirect/get: the player is its own page, and a reload shows the
    # same launch rather than starting another.
    assert launched.status_code == 302
    assert launched["Location"] == f"/packages/player/{launch.pk}/"
    response = client.get(launched["Location"])
    assert response.status_code == 200
    text = response.content.decode()
    frame = re.compile(r'<iframe[^>]*src="([^"]+)"')
    again = client.get(launched["Location"]).content.decode()
    assert frame.search(again).group(1) == frame.search(text).group(1)
    assert PackageLaunch.objects.count() == 1
    assert 'sandbox="allow-scripts allow-forms allow-popups allow-modals' in text
    assert "allow-same-origin" not in text
    assert "/packages/run/" in text and "index.html?part=1" in text
    assert "Back to the module" in text
    launch = PackageLaunch.objects.get()
    assert launch.kind == "scorm12" and launch.content_version == 1
    assert len(launch.token_hash) == 64


def test_launching_needs_a_post_a_real_unit_and_a_visible_page(client, op_crystal_tile):
    page = package_module(tile=op_crystal_tile, kind="scorm12")
    sign_in(client, "officer")
    assert client.get(f"/packages/launch/{page.pk}/0/").status_code == 405
    assert client.post(f"/packages/launch/{page.pk}/7/").status_code == 404
    assert client.post(f"/packages/launch/{page.pk + 999}/0/").status_code == 404
    page.unpublish()
    assert client.post(f"/packages/launch/{page.pk}/0/").status_code == 404
    assert not PackageLaunch.objects.exists()


@pytest.mark.parametrize("kind", ["cmi5", "tincan", "scorm2004"])
def test_each_kind_launches_into_the_player(client, op_crystal_tile, kind):
    page = package_module(tile=op_crystal_tile, kind=kind)
    sign_in(client, "officer")
    client.get(page.url)
    response = client.post(f"/packages/launch/{page.pk}/0/", follow=True)
    assert response.status_code == 200
    assert 'data-testid="package-frame"' in response.text
    assert response["Cache-Control"].startswith("max-age=0")
    assert PackageLaunch.objects.get().kind == kind


def test_another_persons_player_is_not_found(client, op_crystal_tile):
    page = package_module(tile=op_crystal_tile, kind="scorm12")
    sign_in(client, "officer")
    location = client.post(f"/packages/launch/{page.pk}/0/")["Location"]
    client.logout()
    sign_in(client, "sergeant")
    assert client.get(location).status_code == 404
