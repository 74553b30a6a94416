"""Smoke test in a real browser: officer and editor journeys, keyboard, axe-core."""

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from crystal_learning.xapi.models import Statement
from tests.browser.helpers import axe_violations, sign_in, wait_for_heading

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sign_in_page_is_accessible_and_starts_with_the_skip_link(live_demo, browser):
    browser.get(f"{live_demo.url}/accounts/sign-in/")
    wait_for_heading(browser, "Sign in")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Skip to main content"
    header = browser.find_element(By.CSS_SELECTOR, ".crystal-header")
    assert (
        header.value_of_css_property("background-color") == "rgba(11, 58, 110, 1)"
    )  # the stylesheet loaded
    assert (
        "arial"
        in browser.find_element(By.TAG_NAME, "h1")
        .value_of_css_property("font-family")
        .lower()
    )
    assert axe_violations(browser) == []


def test_officer_sees_my_training_and_both_tiles_with_no_axe_violations(
    live_demo, browser
):
    sign_in(browser, live_demo.url, "officer")
    wait_for_heading(browser, "My training")
    assert (
        "PC Alex Morgan"
        in browser.find_element(By.CSS_SELECTOR, "[data-testid=signed-in-as]").text
    )
    tiles = [
        link.text for link in browser.find_elements(By.CSS_SELECTOR, ".crystal-tile a")
    ]
    assert tiles == ["Op Crystal", "Victim care"]

    browser.find_element(By.LINK_TEXT, "Learning").click()
    wait_for_heading(browser, "Learning")
    assert axe_violations(browser) == []

    browser.find_element(By.LINK_TEXT, "Op Crystal").click()
    wait_for_heading(browser, "Op Crystal")
    assert "victim care log" in browser.find_element(By.TAG_NAME, "main").text
    assert axe_violations(browser) == []


def test_content_editor_reaches_the_wagtail_admin(live_demo, browser):
    sign_in(browser, live_demo.url, "editor")
    wait_for_heading(browser, "My training")
    browser.find_element(By.LINK_TEXT, "Admin").click()
    WebDriverWait(browser, 20).until(
        lambda d: "/admin/" in d.current_url and "Dashboard" in d.title
    )
    assert browser.find_elements(
        By.CSS_SELECTOR, "[data-side-panel-toggle], .sidebar, #wagtail-sidebar"
    )


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/op-crystal/why-op-crystal/", "1. Why Op Crystal exists"),
        ("/op-crystal/guide/", "Guide: the victim care log"),
        ("/victim-care/", "Victim care"),
        ("/victim-care/victim-of-crime-leaflet/", "Victim of crime leaflet"),
    ],
)
def test_the_demo_content_pages_have_no_axe_violations(
    live_demo, browser, path, heading
):
    sign_in(browser, live_demo.url, "officer")
    wait_for_heading(browser, "My training")
    browser.get(f"{live_demo.url}{path}")
    wait_for_heading(browser, heading)
    assert axe_violations(browser) == []


def test_the_demo_video_plays_in_the_browser_with_its_captions(live_demo, browser):
    sign_in(browser, live_demo.url, "officer")
    wait_for_heading(browser, "My training")
    browser.get(f"{live_demo.url}/op-crystal/why-op-crystal/")
    wait_for_heading(browser, "1. Why Op Crystal exists")
    state = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const video = document.querySelector("video");
        video.muted = true;
        const track = video.textTracks[0];
        track.mode = "showing";
        video.play().then(() => setTimeout(() => {
          video.pause();
          done({
            time: video.currentTime,
            width: video.videoWidth,
            cues: track.cues ? track.cues.length : 0,
            error: video.error && video.error.code,
          });
        }, 1500)).catch((e) => done({error: String(e)}));
        """
    )
    # Leave no media page behind in the shared browser (it interfered with the
    # next test's sign-in), and let its pagehide "terminated" statement land
    # before the test ends: in flight during teardown, it deadlocked the
    # database flush on PostgreSQL.
    browser.get("about:blank")
    terminated = Statement.objects.filter(
        verb_id="http://adlnet.gov/expapi/verbs/terminated"
    )
    for _ in range(100):
        if terminated.exists():
            break
        time.sleep(0.1)
    assert terminated.exists()
    assert state["error"] is None
    assert state["time"] > 0.5 and state["width"] == 1280
    assert state["cues"] > 10


def test_my_training_and_a_certificate_have_no_axe_violations(live_demo, browser):
    from crystal_learning.people.models import Person
    from crystal_learning.programmes.models import Certificate
    from tests.programmes.helpers import complete_everything

    sign_in(browser, live_demo.url, "officer")
    wait_for_heading(browser, "My training")
    assert "Op Crystal core" in browser.find_element(By.TAG_NAME, "main").text
    assert axe_violations(browser) == []

    complete_everything(Person.objects.get(user__username="officer"))
    browser.get(f"{live_demo.url}/my-training/")
    wait_for_heading(browser, "My training")
    browser.find_element(By.LINK_TEXT, "View your certificate").click()
    wait_for_heading(browser, "Certificate of completion")
    certificate = Certificate.objects.get()
    assert (
        certificate.person.display_name
        in browser.find_element(By.TAG_NAME, "main").text
    )
    assert axe_violations(browser) == []
