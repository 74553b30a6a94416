"""The demo's own packages in Chromium: an officer launches the cmi5 course and the
SCORM 2004 package, completes the record boxes exercise in the sandboxed frame by
keyboard, goes back and the page says Completed; their sergeant sees it in My teams.
axe-core finds nothing on the package page, and nothing scrolls sideways at 390 px."""

from __future__ import annotations

import pytest
from django.utils import timezone
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from crystal_learning.people.models import Team
from crystal_learning.programmes.models import AudienceRule, Programme, Requirement
from crystal_learning.programmes.services import assignments_sync
from modules.packages.models import PackageLaunch, PackageModulePage
from modules.packages.scorm_data import element
from tests.browser.helpers import axe_violations, sign_in, wait_for_heading

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROGRAMME = "Record boxes practice"
#: The boxes a first contact in this case answers yes to (right to review and
#: compensation come when the crime is closed).
YES = ["leaflet", "contact_details", "needs_assessment", "contact_plan", "vps"]
SLUGS = ["record-boxes-cmi5", "record-boxes-scorm2004"]


@pytest.fixture
def practice(live_demo):
    """A programme for the officer's team asking for both demo packages."""
    programme = Programme(
        name=PROGRAMME,
        start_date=timezone.localdate(),
        due_mode=Programme.DueMode.RELATIVE,
        due_within_weeks=4,
    )
    programme.requirements = [
        Requirement(
            kind=Requirement.Kind.PACKAGE,
            package=PackageModulePage.objects.get(slug=slug),
            sort_order=order,
        )
        for order, slug in enumerate(SLUGS)
    ]
    programme.audience_rules = [AudienceRule(team=Team.objects.get(code="N-RESP-A"))]
    programme.save()
    assignments_sync()
    return live_demo


@pytest.fixture
def wide(browser):
    browser.set_window_size(1366, 1000)
    yield browser
    browser.switch_to.default_content()
    browser.set_window_size(1280, 1000)


def sideways_overflow(browser) -> int:
    return browser.execute_script(
        "return document.documentElement.scrollWidth"
        " - document.documentElement.clientWidth"
    )


def exercise_ready(browser) -> None:
    """Wait until the exercise has reached the learning system, or says why not."""
    WebDriverWait(browser, 20, ignored_exceptions=(WebDriverException,)).until(
        EC.any_of(
            EC.element_to_be_clickable((By.ID, "check")),
            EC.visibility_of_element_located((By.ID, "problem")),
        )
    )
    problem = browser.find_element(By.ID, "problem")
    assert not problem.is_displayed(), problem.text


def exercise_complete(browser) -> str:
    """In the package's frame: wait for the connection, tick by keyboard, check."""
    frame = browser.find_element(By.CSS_SELECTOR, "[data-testid=package-frame]")
    browser.switch_to.frame(frame)
    exercise_ready(browser)
    assert "Connected" in browser.find_element(By.ID, "connection").text
    assert axe_violations(browser) == []
    for box in YES:
        checkbox = browser.find_element(By.ID, f"box-{box}")
        checkbox.send_keys(Keys.SPACE)
        assert checkbox.is_selected()
    browser.find_element(By.ID, "check").send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(
        EC.text_to_be_present_in_element((By.ID, "result-next"), "Your result is saved")
    )
    score = browser.find_element(By.ID, "result-score").text
    assert browser.find_element(By.ID, "problem").is_displayed() is False
    browser.switch_to.default_content()
    return score


@pytest.mark.parametrize("slug", SLUGS)
def test_an_officer_completes_a_demo_package_and_their_sergeant_sees_it(
    practice, wide, slug
):
    browser = wide
    page = PackageModulePage.objects.get(slug=slug)
    sign_in(browser, practice.url, "officer")
    wait_for_heading(browser, "My training")
    browser.get(practice.url + page.url)
    wait_for_heading(browser, page.title)
    assert axe_violations(browser) == []
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=package-complete]")

    browser.find_element(By.CSS_SELECTOR, "[data-testid=package-launch]").click()
    wait_for_heading(browser, "Record boxes: a break-in at first contact")
    score = exercise_complete(browser)
    assert score.startswith("You got 7 of 7 right (100%). You passed")

    if "cmi5" in slug:
        # The AU goes to LaunchData's returnURL: the player takes the learner
        # back to the module page.
        frame = browser.find_element(By.CSS_SELECTOR, "[data-testid=package-frame]")
        browser.switch_to.frame(frame)
        browser.find_element(By.ID, "exit").click()
        browser.switch_to.default_content()
    else:
        browser.find_element(By.CSS_SELECTOR, "[data-testid=package-back]").click()
    wait_for_heading(browser, page.title)
    WebDriverWait(browser, 10).until(
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, "[data-testid=package-complete]"), "Completed"
        )
    )
    launch = PackageLaunch.objects.get(page=page, person__user__username="officer")
    assert launch.completed_at is not None and launch.score_scaled == 1.0

    browser.delete_all_cookies()
    sign_in(browser, practice.url, "sergeant")
    browser.find_element(By.LINK_TEXT, "My teams").click()
    wait_for_heading(browser, "My teams")
    Select(browser.find_element(By.ID, "id_programme")).select_by_visible_text(
        PROGRAMME
    )
    browser.find_element(By.CSS_SELECTOR, ".crystal-filters button").click()
    wait_for_heading(browser, "My teams")
    WebDriverWait(browser, 10).until(
        EC.text_to_be_present_in_element((By.ID, "matrix-title"), PROGRAMME)
    )
    headers = [
        th.text
        for th in browser.find_elements(
            By.CSS_SELECTOR, "[data-testid=matrix] thead th"
        )
    ]
    column = headers.index(page.title)
    row = next(
        row
        for row in browser.find_elements(By.CSS_SELECTOR, "[data-testid=member]")
        if row.find_element(By.TAG_NAME, "th").text.startswith("PC Alex Morgan")
    )
    cell = row.find_elements(By.CSS_SELECTOR, "th, td")[column]
    # Met (green): a package passed as well as completed reads "Passed".
    tag = cell.find_element(By.CSS_SELECTOR, ".govuk-tag--green")
    assert tag.text in ("Completed", "Passed")


@pytest.mark.parametrize("slug", SLUGS)
def test_the_package_page_and_its_player_fit_a_phone(live_demo, browser, slug):
    page = PackageModulePage.objects.get(slug=slug)
    browser.set_window_size(390, 844)
    try:
        sign_in(browser, live_demo.url, "officer")
        wait_for_heading(browser, "My training")
        browser.get(live_demo.url + page.url)
        wait_for_heading(browser, page.title)
        assert sideways_overflow(browser) <= 0
        assert axe_violations(browser) == []
        browser.find_element(By.CSS_SELECTOR, "[data-testid=package-launch]").click()
        wait_for_heading(browser, "Record boxes: a break-in at first contact")
        assert sideways_overflow(browser) <= 0
        frame = browser.find_element(By.CSS_SELECTOR, "[data-testid=package-frame]")
        browser.switch_to.frame(frame)
        exercise_ready(browser)
        assert sideways_overflow(browser) <= 0
    finally:
        browser.switch_to.default_content()
        browser.set_window_size(1280, 1000)


def test_the_scorm_package_keeps_the_ticks_when_the_officer_leaves_and_resumes(
    live_demo, wide
):
    browser = wide
    page = PackageModulePage.objects.get(slug="record-boxes-scorm2004")
    sign_in(browser, live_demo.url, "officer")
    wait_for_heading(browser, "My training")
    browser.get(live_demo.url + page.url)
    wait_for_heading(browser, page.title)
    browser.find_element(By.CSS_SELECTOR, "[data-testid=package-launch]").click()
    wait_for_heading(browser, "Record boxes: a break-in at first contact")
    browser.switch_to.frame(
        browser.find_element(By.CSS_SELECTOR, "[data-testid=package-frame]")
    )
    exercise_ready(browser)
    for box in ["leaflet", "vps"]:
        browser.find_element(By.ID, f"box-{box}").send_keys(Keys.SPACE)
    browser.switch_to.default_content()

    browser.find_element(By.CSS_SELECTOR, "[data-testid=package-back]").click()
    wait_for_heading(browser, page.title)
    first = PackageLaunch.objects.get(page=page, person__user__username="officer")
    assert '"vps"' in element(first.cmi, "cmi.suspend_data")

    def suspended(_browser) -> bool:
        # Leaving sends exit "suspend" by a beacon as the page unloads: it may
        # reach the server a moment after the module page has loaded.
        first.refresh_from_db()
        return element(first.cmi, "cmi.exit") == "suspend"

    WebDriverWait(browser, 20).until(suspended)
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=package-complete]")

    button = browser.find_element(By.CSS_SELECTOR, "[data-testid=package-launch]")
    assert button.text.startswith("Resume")
    button.click()
    wait_for_heading(browser, "Record boxes: a break-in at first contact")
    browser.switch_to.frame(
        browser.find_element(By.CSS_SELECTOR, "[data-testid=package-frame]")
    )
    exercise_ready(browser)
    assert "Welcome back" in browser.find_element(By.ID, "connection").text
    ticked = [
        box.get_attribute("value")
        for box in browser.find_elements(By.CSS_SELECTOR, "input[name=box]")
        if box.is_selected()
    ]
    assert ticked == ["leaflet", "vps"]
    # Compensation on top (it is for a closed crime), three yes boxes left out.
    browser.find_element(By.ID, "box-compensation").send_keys(Keys.SPACE)
    browser.find_element(By.ID, "check").send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(
        EC.text_to_be_present_in_element((By.ID, "result-next"), "start again")
    )
    assert browser.find_element(By.ID, "result-score").text.startswith(
        "You got 3 of 7 right (43%). Not passed yet"
    )
    browser.switch_to.default_content()

    latest = (
        PackageLaunch.objects.filter(page=page, person__user__username="officer")
        .order_by("-created_at")
        .first()
    )
    assert element(latest.cmi, "cmi.success_status") == "failed"
    assert element(latest.cmi, "cmi.completion_status") == "completed"
    assert element(latest.cmi, "cmi.interactions.6.id") == "record-box-compensation"
    assert element(latest.cmi, "cmi.interactions.6.result") == "incorrect"
