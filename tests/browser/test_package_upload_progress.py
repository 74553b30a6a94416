"""In a real browser: the package upload's progress page follows the background
job that unpacks the zip (by the HR import's static script, under the site's
CSP) and shows the installed package when it is done (issue 18.15)."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from modules.models import PackageUpload
from modules.packages import tasks
from tests.browser.helpers import axe_violations, csp_refusals, sign_in
from tests.modules.packages.factories import PACKAGES, package_document, zip_bytes

# Serialized rollback keeps the roles (groups) the migrations create, which a
# transactional test's flush would otherwise remove for the tests after it.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_progress_page_shows_the_package_once_it_is_unpacked(
    live_demo,
    browser,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    files = dict(PACKAGES["scorm12"])
    files.update({f"assets/{n:03}.html": f"<p>{n}</p>" for n in range(300)})
    files["build.txt"] = uuid.uuid4().hex  # a zip of its own: unpacked afresh
    editor = get_user_model().objects.get(username="editor")
    upload = PackageUpload.objects.create(
        document=package_document(zip_bytes(files), name="large-course.zip"),
        filename="large-course.zip",
        files_total=302,
        files_done=120,
        uploaded_by=editor,
    )
    base = live_demo.url
    sign_in(browser, base, "editor")
    csp_refusals(browser)
    browser.get(
        base + reverse("crystal_modules_admin:upload_progress", args=[upload.pk])
    )
    bar = browser.find_element(By.ID, "import-progress-bar")
    assert bar.get_attribute("max") == "302"
    assert bar.get_attribute("value") == "120"
    assert "Unpacking 302 files" in browser.page_source
    assert axe_violations(browser) == []
    # The queued job runs in a worker; the open page notices and shows the result.
    tasks.package_upload_process(upload_id=upload.pk)
    WebDriverWait(browser, 15).until(lambda d: "The package is ready" in d.page_source)
    assert "Victim care" in browser.page_source and "scorm12" in browser.page_source
    assert csp_refusals(browser) == []
