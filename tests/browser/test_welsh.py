"""Cymraeg in a real browser: the header's button by keyboard, Welsh on My
training and a quiz page, no axe-core violation, and the choice kept."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from quizzes.models import QuizPage
from tests.browser.helpers import (
    axe_violations,
    focus_on,
    press,
    sign_in,
    wait_for_heading,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SWITCH = "[data-testid=language-switch]"


def test_a_learner_switches_to_cymraeg_by_keyboard(live_demo, browser):
    sign_in(browser, live_demo.url, "officer")
    wait_for_heading(browser, "My training")
    focus_on(browser, SWITCH)
    assert browser.switch_to.active_element.text == "Cymraeg"
    press(browser, Keys.ENTER)
    wait_for_heading(browser, "Fy hyfforddiant")
    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "cy"
    assert browser.find_element(By.CSS_SELECTOR, SWITCH).text == "English"
    assert "Teils dysgu" in browser.find_element(By.TAG_NAME, "main").text
    assert axe_violations(browser) == []

    quiz = QuizPage.objects.live().order_by("path").first()
    browser.get(f"{live_demo.url}{quiz.url}")
    wait_for_heading(browser, quiz.title)
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Marc llwyddo" in main and "Pass mark" not in main
    assert axe_violations(browser) == []

    # Kept: a new page in the same browser is in Welsh until English is chosen.
    browser.get(f"{live_demo.url}/my-training/")
    wait_for_heading(browser, "Fy hyfforddiant")
    focus_on(browser, SWITCH)
    press(browser, Keys.SPACE)
    wait_for_heading(browser, "My training")
