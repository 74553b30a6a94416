"""A SCORM 1.2 SCO in Chromium, in the sandboxed frame: it finds window.API in
its own window, suspends (the commit and LMSFinish's beacon reach the server
from the opaque origin), resumes with its suspend data in the next launch, and
finishes; the module page then says Completed. No CSP refusal on the way."""

from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from crystal_learning.xapi.agents import PACKAGE_LAUNCH
from crystal_learning.xapi.models import Statement
from modules.models import PackageLaunch, PackageModulePage
from modules.packages.services import package_install
from tests.browser.helpers import csp_refusals, sign_in, wait_for_heading
from tests.modules.factories import tile_page
from tests.modules.packages.factories import SCORM12_XML, package_document, zip_bytes
from tests.people.factories import person_with_sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCO = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Victim care</title></head>
<body>
<h1>Victim care: part 1</h1>
<p id="entry"></p><p id="name"></p><p id="data"></p>
<button id="suspend" type="button">Stop for now</button>
<button id="finish" type="button">Finish</button>
<p id="done"></p>
<script>
var api = window.API;
api.LMSInitialize("");
function show(id, label, element) {
  document.getElementById(id).textContent = label + api.LMSGetValue(element);
}
show("entry", "Entry: ", "cmi.core.entry");
show("name", "Name: ", "cmi.core.student_name");
show("data", "Data: ", "cmi.suspend_data");
document.getElementById("suspend").onclick = function () {
  api.LMSSetValue("cmi.core.lesson_location", "page-2");
  api.LMSSetValue("cmi.suspend_data", "answers=b");
  api.LMSSetValue("cmi.core.exit", "suspend");
  var saved = api.LMSCommit("");
  api.LMSFinish("");
  document.getElementById("done").textContent = "Suspended: " + saved;
};
document.getElementById("finish").onclick = function () {
  api.LMSSetValue("cmi.interactions.0.id", "q1");
  api.LMSSetValue("cmi.interactions.0.type", "choice");
  api.LMSSetValue("cmi.interactions.0.student_response", "b");
  api.LMSSetValue("cmi.interactions.0.result", "correct");
  api.LMSSetValue("cmi.core.score.raw", "90");
  api.LMSSetValue("cmi.core.lesson_status", "completed");
  api.LMSSetValue("cmi.core.exit", "");
  var saved = api.LMSCommit("");
  api.LMSFinish("");
  document.getElementById("done").textContent = "Finished: " + saved;
};
</script>
</body></html>
"""


@pytest.fixture
def scorm_page(transactional_db, live_server, browser):
    page = PackageModulePage(
        title="Victim care (SCORM 1.2)",
        slug="victim-care-scorm",
        package=package_document(
            zip_bytes({"imsmanifest.xml": SCORM12_XML, "index.html": SCO})
        ),
    )
    package_install(page=page)
    tile_page().add_child(instance=page)
    page.save_revision().publish()
    person_with_sign_in("scorm-officer", display_name="PC Sam Lee")
    browser.delete_all_cookies()
    return page


def in_the_sco(browser, button: str) -> dict[str, str]:
    """Start or resume the unit, read the SCO's lines, press its button."""
    browser.find_element(By.CSS_SELECTOR, "[data-testid=package-launch]").click()
    frame = WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=package-frame]"))
    )
    browser.switch_to.frame(frame)
    wait = WebDriverWait(browser, 20, ignored_exceptions=(WebDriverException,))
    wait.until(EC.text_to_be_present_in_element((By.ID, "entry"), "Entry:"))
    lines = {
        key: browser.find_element(By.ID, key).text for key in ("entry", "name", "data")
    }
    browser.find_element(By.ID, button).click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "done"), ": true"))
    browser.switch_to.default_content()
    return lines


def terminated(page, count: int) -> None:
    """The LMSFinish beacon arrives a moment after the click."""
    for _ in range(200):
        done = PackageLaunch.objects.filter(page=page, terminated_at__isnull=False)
        if done.count() >= count:
            return
        time.sleep(0.1)
    raise AssertionError("LMSFinish's commit did not arrive")


def test_a_scorm12_sco_suspends_resumes_and_completes(scorm_page, live_server, browser):
    sign_in(browser, live_server.url, "scorm-officer")
    browser.get(live_server.url + scorm_page.url)
    wait_for_heading(browser, scorm_page.title)
    csp_refusals(browser)  # only what follows counts

    first = in_the_sco(browser, "suspend")
    assert first == {
        "entry": "Entry: ab-initio",
        "name": "Name: PC Sam Lee",
        "data": "Data:",
    }
    terminated(scorm_page, 1)

    browser.get(live_server.url + scorm_page.url)
    wait_for_heading(browser, scorm_page.title)
    second = in_the_sco(browser, "finish")
    assert second["entry"] == "Entry: resume"
    assert second["data"] == "Data: answers=b"
    terminated(scorm_page, 2)

    browser.get(live_server.url + scorm_page.url)
    wait_for_heading(browser, scorm_page.title)
    WebDriverWait(browser, 20).until(
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, "[data-testid=package-complete]"), "Completed"
        )
    )
    verbs = [
        verb.rsplit("/", 1)[-1]
        for verb in Statement.objects.filter(
            payload__authority__account__name=PACKAGE_LAUNCH
        )
        .order_by("seq")
        .values_list("verb_id", flat=True)
    ]
    assert verbs == [
        "initialized",
        "suspended",
        "resumed",
        "responded",
        "scored",
        "completed",
        "passed",
        "terminated",
    ]
    assert csp_refusals(browser) == []
