"""A quiz in a real browser: keyboard only, one question a screen, axe-core clean."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from crystal_learning.people.models import Person
from modules.models import VideoModulePage
from quizzes.models import QuizAttempt, QuizPage
from tests.browser.helpers import (
    axe_violations,
    focus_on,
    press,
    sign_in,
    wait_for_heading,
)
from tests.modules.factories import module_watched

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_officer_takes_a_quiz_by_keyboard_and_every_screen_passes_axe(
    live_demo, browser
):
    # Quiz 1 (choice, true/false and scenario questions), with however many
    # questions an attempt draws; Quiz 2's needs-assessment screens are walked,
    # axe-checked, in test_journeys.py.
    quiz = QuizPage.objects.get(slug="quiz-why-op-crystal")
    officer = Person.objects.get(user__username="officer")
    module_watched(officer, VideoModulePage.objects.get(quiz=quiz))
    sign_in(browser, live_demo.url, "officer")
    wait_for_heading(browser, "My training")
    browser.get(live_demo.url + quiz.url)
    wait_for_heading(browser, quiz.title)
    assert axe_violations(browser) == []

    focus_on(browser, "form button.govuk-button")
    press(browser, Keys.ENTER)
    attempt = QuizAttempt.objects.get()
    order = list(
        attempt.answers.order_by("position").values_list("question", flat=True)
    )
    total = len(order)
    wait_for_heading(browser, f"Question 1 of {total}")
    assert axe_violations(browser) == []
    for position, question in enumerate(order, start=1):
        wait_for_heading(browser, f"Question {position} of {total}")
        if question["type"] == "scenario":
            assert axe_violations(browser) == []
            for box in question["boxes"]:
                code = box["box"]
                browser.find_element(By.ID, f"{code}-{box['expected']}").click()
                if box["expected_format"]:
                    browser.find_element(By.ID, f"{code}-format").send_keys(
                        box["expected_format"][:3]
                    )
                if box["expected"] == "no":
                    browser.find_element(By.ID, f"{code}-rationale").send_keys(
                        "Not closed: the investigation is ongoing."
                    )
            browser.find_element(By.CSS_SELECTOR, "button[value=next]").click()
            continue
        assert question["type"] in ("single_choice", "multiple_choice", "true_false")
        # Keyboard only: Tab to the first option, arrows/space to choose.
        first = browser.find_element(By.CSS_SELECTOR, ".govuk-fieldset input")
        focus_on(browser, f"#{first.get_attribute('id')}")
        right = [o["id"] for o in question["options"] if o["correct"]]
        if question["type"] == "multiple_choice":
            for option in question["options"]:
                focus_on(browser, f"#opt-{option['id']}")
                if option["correct"]:
                    press(browser, Keys.SPACE)
        else:  # a radio group: Tab reaches it, the arrow keys move within it
            target = browser.find_element(By.ID, f"opt-{right[0]}")
            for _ in range(len(question["options"])):
                if browser.switch_to.active_element == target:
                    break
                press(browser, Keys.ARROW_DOWN)
            press(browser, Keys.SPACE)
            assert target.is_selected()
        focus_on(browser, "button[value=next]")
        press(browser, Keys.ENTER)

    wait_for_heading(browser, "Check your answers")
    assert "Not answered" not in browser.find_element(By.TAG_NAME, "main").text
    assert axe_violations(browser) == []
    focus_on(browser, "form[action$='submit/'] button")
    press(browser, Keys.ENTER)
    wait_for_heading(browser, "Attempt 1")
    assert "You scored 100%" in browser.find_element(By.TAG_NAME, "main").text
    assert axe_violations(browser) == []
