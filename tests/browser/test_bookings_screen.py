"""The bookings screens in a real browser (issue 18.11): the buttons show only
their own words (the person's name is for screen readers), and a manager
chooses a session's trainer by searching, not from a list of the force."""

from __future__ import annotations

from datetime import time

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from crystal_learning.people.models import Person
from crystal_learning.scheduling.models import TrainingSession
from crystal_learning.scheduling.services import booking_create
from tests.browser.helpers import axe_violations, sign_in, wait_for_heading

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def started_session() -> TrainingSession:
    """A session today that has started already (attendance can be marked)."""
    return TrainingSession.objects.create(
        kind=TrainingSession.Kind.ELEARNING,
        title="Protected learning, HQ",
        date=timezone.localdate(),
        start=time(0, 0),
        end=time(23, 59),
        venue="HQ",
        capacity=5,
    )


def click(driver, element) -> None:
    """Click as a user would, with the element scrolled clear of the sticky
    header and footer."""
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
    )
    element.click()


def test_buttons_show_their_words_and_the_trainer_is_chosen(live_demo, browser):
    session = started_session()
    sergeant = Person.objects.get(user__username="sergeant")
    booking_create(session=session, person=sergeant)
    sign_in(browser, live_demo.url, "manager")

    browser.set_window_size(390, 900)
    browser.get(f"{live_demo.url}/admin/training_sessions/{session.pk}/bookings/")
    wait_for_heading(browser, "Bookings and attendance")
    attended = browser.find_element(By.CSS_SELECTOR, 'button[value="attended"]')
    hidden = attended.find_element(By.CSS_SELECTOR, ".w-sr-only")
    assert hidden.get_attribute("textContent") == f" – {sergeant.display_name}"
    # For screen readers only: a 1 px clipped box, out of the button's flow.
    box = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "const s = getComputedStyle(arguments[0]);"
        "return [r.width, r.height, s.position, s.overflow];",
        hidden,
    )
    assert box[0] <= 1 and box[1] <= 1 and box[2:] == ["absolute", "hidden"]
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )  # tables scroll inside their region on a phone
    assert axe_violations(browser) == []
    browser.set_window_size(1366, 1000)

    browser.get(f"{live_demo.url}/admin/training_sessions/edit/{session.pk}/")
    assert not browser.find_elements(By.CSS_SELECTOR, 'select[name="trainer"]')
    click(
        browser,
        browser.find_element(
            By.CSS_SELECTOR, "#id_trainer-chooser .chooser__choose-button"
        ),
    )
    search = WebDriverWait(browser, 15).until(
        lambda d: next(
            (
                found
                for found in d.find_elements(By.CSS_SELECTOR, ".modal-content #id_q")
                if found.is_displayed() and found.is_enabled()
            ),
            None,
        )
    )
    search.send_keys(sergeant.staff_number)

    def only_the_sergeant(driver):
        rows = driver.find_elements(By.CSS_SELECTOR, "[data-chooser-modal-choice]")
        texts = [row.text for row in rows]
        return rows[0] if texts == [str(sergeant)] else None

    click(browser, WebDriverWait(browser, 15).until(only_the_sergeant))
    WebDriverWait(browser, 15).until(
        lambda d: d.find_element(
            By.CSS_SELECTOR, "#id_trainer-chooser .chooser__title"
        ).text
        == str(sergeant)
    )
    click(
        browser,
        browser.find_element(
            By.CSS_SELECTOR, "nav.actions--primary button[type=submit]"
        ),
    )
    WebDriverWait(browser, 15).until(lambda d: "/edit/" not in d.current_url)
    session.refresh_from_db()
    assert session.trainer == sergeant
