"""The demo's own packages: a "record boxes" exercise built as a cmi5 course and as a
SCORM 2004 package, checked like any upload and installed on the Op Crystal tile."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from wagtail.documents import get_document_model

from crystal_learning.demo.packages.build import PACKAGES, package_bytes, package_named
from modules.blocks import RECORD_BOXES
from modules.models import TilePage
from modules.packages.archive import package_file_read
from modules.packages.models import PackageModulePage
from tests.helpers import run_demo, sign_in

CMI5 = package_named("record-boxes-cmi5")
SCORM = package_named("record-boxes-scorm2004")


def members(package) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package_bytes(package))) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_each_zip_is_built_byte_for_byte_the_same(package):
    assert package_bytes(package) == package_bytes(package)


def test_the_cmi5_course_passes_the_archive_checks_with_one_au():
    structure, _sha256 = package_file_read(io.BytesIO(package_bytes(CMI5)))
    assert structure.kind == "cmi5"
    assert (
        structure.course_id
        == "https://w3id.org/crystal-learning/packages/record-boxes-cmi5"
    )
    [unit] = structure.units
    assert unit.url == "index.html"
    assert unit.move_on == "CompletedAndPassed"
    assert unit.mastery_score == 0.8


def test_the_scorm_package_passes_the_archive_checks_as_2004_4th_edition():
    structure, _sha256 = package_file_read(io.BytesIO(package_bytes(SCORM)))
    assert (structure.kind, structure.edition) == ("scorm2004", "4th")
    [unit] = structure.units
    assert unit.url == "index.html"
    assert unit.mastery_score == 0.8


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_the_exercise_asks_about_every_record_box_and_needs_no_other_site(package):
    files = members(package)
    page = files["index.html"].decode()
    assert '<html lang="en-GB">' in page
    assert "<fieldset" in page and "<legend>" in page
    for code, _label in RECORD_BOXES:
        assert (
            f'<input type="checkbox" id="box-{code}" name="box" value="{code}">' in page
        )
        assert f'<label for="box-{code}">' in page
        assert f'box: "{code}"' in files["exercise.js"].decode(), code
    for name, content in files.items():
        if name.endswith((".html", ".js", ".css")):
            text = content.decode()
            # Links and loads stay inside the package: no CDN, no web fonts.
            assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), name
            assert "@import" not in text and "url(http" not in text, name
    assert set(files) == {
        "index.html",
        "exercise.css",
        "exercise.js",
        "tracker.js",
        "cmi5.xml" if package is CMI5 else "imsmanifest.xml",
    }


def test_crystal_demo_installs_both_packages_on_the_op_crystal_tile(demo_site, client):
    tile = TilePage.objects.get(slug="op-crystal")
    pages = PackageModulePage.objects.child_of(tile).live().order_by("path")
    assert [(p.slug, p.package_structure.kind) for p in pages] == [
        ("record-boxes-cmi5", "cmi5"),
        ("record-boxes-scorm2004", "scorm2004"),
    ]
    for page in pages:
        assert (page.content_root() / "index.html").is_file()
        assert (page.content_root() / "tracker.js").is_file()

    sign_in(client, "officer")
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.title in response.content.decode()


def test_running_the_demo_again_changes_nothing(demo_site):
    def state():
        return sorted(
            PackageModulePage.objects.values_list(
                "pk",
                "slug",
                "package_sha256",
                "package_id",
                "live",
                "latest_revision_id",
            )
        )

    before = state()
    run_demo()
    assert state() == before
    Document = get_document_model()
    assert Document.objects.filter(title__endswith="(package)").count() == 2


def test_a_changed_zip_is_reinstalled_and_an_edited_page_keeps_its_own_zip(
    demo_site,
):
    cmi5 = PackageModulePage.objects.get(slug="record-boxes-cmi5")
    PackageModulePage.objects.filter(pk=cmi5.pk).update(package_sha256="0" * 64)
    scorm = PackageModulePage.objects.get(slug="record-boxes-scorm2004")
    Document = get_document_model()
    other = Document.objects.create(title="An editor's own zip")
    PackageModulePage.objects.filter(pk=scorm.pk).update(package=other)

    run_demo()

    cmi5.refresh_from_db()
    assert cmi5.package_sha256 == package_file_read(io.BytesIO(package_bytes(CMI5)))[1]
    assert (cmi5.content_root() / "cmi5.xml").is_file()
    scorm.refresh_from_db()
    assert scorm.package_id == other.pk
