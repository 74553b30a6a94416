"""The learner's reminder setting in a real browser (issue 19.4): reached and
changed by keyboard alone, labelled, confirmed, no axe-core violation."""

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from crystal_learning.people.models import Person
from tests.browser.helpers import (
    axe_violations,
    focus_on,
    press,
    sign_in,
    wait_for_heading,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_learner_chooses_reminders_on_any_day_by_keyboard(live_demo, browser):
    sign_in(browser, live_demo.url, "officer")
    wait_for_heading(browser, "My training")
    focus_on(browser, "#reminders-on-duty")  # the chosen radio takes the Tab
    press(browser, Keys.ARROW_DOWN)  # moves to, and picks, "any day"
    assert browser.switch_to.active_element.get_attribute("id") == ("reminders-any-day")
    label = browser.find_element(By.CSS_SELECTOR, "label[for=reminders-any-day]")
    assert label.text == "On any day, including rest days, leave and nights"
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element.text == "Save reminder setting"
    press(browser, Keys.ENTER)
    WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".govuk-notification-banner"),
            "Saved: you will get reminders on any day",
        )
    )
    assert browser.find_element(By.ID, "reminders-any-day").is_selected()
    assert Person.objects.get(user__username="officer").reminders_off_duty
    assert axe_violations(browser) == []
