"""Issue 18.15: an editor uploads a package on its own admin screen; a job
checks and unpacks it file by file and the status reports its progress; a
package module page that chooses it saves without unpacking it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document

from modules.models import PackageModulePage, PackageUpload
from modules.packages.uploads import package_upload_process
from tests.helpers import sign_in
from tests.modules.packages.factories import (
    PACKAGES,
    package_document,
    post_package,
    zip_bytes,
)

UPLOAD = "/admin/packages/upload/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def big_scorm(extra: int = 40) -> bytes:
    files = dict(PACKAGES["scorm12"])
    files.update({f"assets/slide-{n:03}.html": f"<p>{n}</p>" for n in range(extra)})
    return zip_bytes(files)


def post_zip(client, data: bytes, name: str = "course.zip"):
    return client.post(
        UPLOAD, {"file": SimpleUploadedFile(name, data, "application/zip")}
    )


def test_an_editor_uploads_a_package_and_a_page_chooses_it(client, op_crystal_tile):
    sign_in(client, "editor")
    response = post_zip(client, big_scorm())
    upload = PackageUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{UPLOAD}{upload.pk}/"
    # The job ran (synchronously in tests): the page shows what was installed.
    page = client.get(response["Location"]).content.decode()
    assert "The package is ready" in page
    assert "scorm12" in page and "Victim care" in page
    assert upload.status == "ready"
    assert upload.files_done == upload.files_total == 42
    unpacked = Path(upload.document.file.storage.location) / "packages" / "uploads"
    staged = unpacked / upload.result["sha256"] / "index.html"
    assert staged.is_file()
    assert "course.zip" in client.get(UPLOAD).content.decode()

    # The page form accepts the uploaded document; its files are linked, not
    # unpacked again.
    response = post_package(client, op_crystal_tile, upload.document)
    assert response.status_code == 302, response.content.decode()[:2000]
    module = PackageModulePage.objects.get(slug="record-boxes")
    assert module.package_sha256 == upload.result["sha256"]
    installed = module.content_root() / "index.html"
    assert installed.read_bytes() == staged.read_bytes()
    assert (module.content_root() / "assets" / "slide-039.html").is_file()


def test_the_status_reports_progress_while_the_zip_is_unpacked(client, sign_ins):
    sign_in(client, "editor")
    document = package_document(big_scorm(extra=450), name="large.zip")
    upload = PackageUpload.objects.create(document=document, filename="large.zip")
    status_url = f"{UPLOAD}{upload.pk}/status/"
    seen = []

    def watch(done, total):
        seen.append(client.get(status_url).json())

    assert package_upload_process(upload_id=upload.pk, progress=watch) == "ready"
    middle = seen[len(seen) // 2]
    assert middle["running"] is True and middle["status"] == "checking"
    assert 0 < middle["rows_done"] < middle["rows_total"] == 452
    assert middle["files_done"] == middle["rows_done"]
    done = [s["rows_done"] for s in seen]
    assert done == sorted(done) and len(done) > 10
    final = client.get(status_url).json()
    assert final["running"] is False and final["status"] == "ready"
    assert final["rows_done"] == final["rows_total"] == 452
    # While it ran, the progress page showed the bar the script follows.
    PackageUpload.objects.filter(pk=upload.pk).update(status="checking")
    page = client.get(f"{UPLOAD}{upload.pk}/").content.decode()
    assert "data-import-status-url" in page and 'max="452"' in page
    assert "Unpacking 452 files" in page
    # The job runs once: a retry of a finished upload does nothing.
    PackageUpload.objects.filter(pk=upload.pk).update(status="ready")
    assert package_upload_process(upload_id=upload.pk) is None


def test_a_refused_package_says_why_and_installs_nothing(client, sign_ins, settings):
    sign_in(client, "editor")
    hostile = zip_bytes({**PACKAGES["scorm12"], "../evil.html": b"x"})
    response = post_zip(client, hostile, name="hostile.zip")
    page = client.get(response["Location"]).content.decode()
    assert "The package was refused" in page and "zip slip" in page
    upload = PackageUpload.objects.get()
    assert upload.status == "failed" and upload.document is None
    assert not Document.objects.filter(title="hostile.zip").exists()
    assert not (Path(settings.MEDIA_ROOT) / "packages").exists()


def test_a_file_that_is_not_a_zip_is_a_field_error(client, sign_ins):
    sign_in(client, "editor")
    response = post_zip(client, b"just text", name="notes.zip")
    assert response.status_code == 400
    assert "This file is not a zip archive" in response.content.decode()
    assert not PackageUpload.objects.exists()
    assert not Document.objects.filter(title="notes.zip").exists()


def test_a_training_manager_may_not_upload_packages(client, sign_ins):
    sign_in(client, "manager")
    # Wagtail's admin turns a refusal into a message on the dashboard.
    assert client.get(UPLOAD)["Location"] == "/admin/"
    assert post_zip(client, big_scorm())["Location"] == "/admin/"
    assert client.get(f"{UPLOAD}999/status/")["Location"] == "/admin/"
    assert not PackageUpload.objects.exists()
