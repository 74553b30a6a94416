"""In a real browser: the progress page follows a background HR import job
(by its static script, under the site's CSP) and shows the result when done."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from crystal_learning.people import tasks
from crystal_learning.people.models import PeopleImport
from tests.browser.helpers import csp_refusals, sign_in
from tests.people.helpers import extract

# Serialized rollback keeps the roles (groups) the migrations create, which a
# transactional test's flush would otherwise remove for the tests after it.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_progress_page_shows_the_result_once_the_job_is_done(
    live_demo,
    browser,
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    manager = get_user_model().objects.get(username="manager")
    record = PeopleImport.objects.create(
        filename="extract.csv",
        csv_text=extract(
            1500,
            start=50001,
            area=("AREA-N", "North Area"),
            pattern="Response 10-day (2E 2L 2N 4R)",
        ),
        status=PeopleImport.Status.CHECKING,
        rows_total=1500,
        uploaded_by=manager,
    )
    base = live_demo.url
    sign_in(browser, base, "manager")
    csp_refusals(browser)
    browser.get(base + reverse("crystal_people_admin:preview", args=[record.pk]))
    bar = browser.find_element(By.ID, "import-progress-bar")
    assert bar.get_attribute("max") == "1500"
    # The queued job runs in a worker; the open page notices and shows the result.
    tasks.people_import_check(import_id=record.pk)
    WebDriverWait(browser, 15).until(lambda d: "1500 rows: 1500 new" in d.page_source)
    assert "Apply import" in browser.page_source
    assert csp_refusals(browser) == []
