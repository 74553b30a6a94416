"""A supervisor records a ring-back and a dip sample from My teams in a real
browser: the error summary, the success banner, the ring-backs due, and no
WCAG 2.2 A/AA violation on any of the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from crystal_learning.people.models import Person
from crystal_learning.victim_care.models import DipSample, RingBack
from tests.browser.helpers import axe_violations, sign_in, wait_for_heading
from tests.victim_care.helpers import make_record

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fill(browser, values: dict) -> None:
    for name, value in values.items():
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)


def choose(browser, name: str, value: str) -> None:
    radio = browser.find_element(By.CSS_SELECTOR, f"input[name={name}][value={value}]")
    browser.find_element(
        By.CSS_SELECTOR, f"label[for={radio.get_attribute('id')}]"
    ).click()


def submit(browser, form: str) -> None:
    browser.find_element(By.CSS_SELECTOR, f"[data-testid={form}] button").click()


def test_a_supervisor_rings_back_and_dip_samples(live_demo, browser):
    officer = Person.objects.get(user__username="officer")
    make_record(
        officer,
        crime_ref="DU/26/7001",
        recorded_on=timezone.localdate() - timedelta(days=8),
    )
    sign_in(browser, live_demo.url, "sergeant")
    browser.find_element(By.LINK_TEXT, "My teams").click()
    wait_for_heading(browser, "My teams")
    due = browser.find_element(By.CSS_SELECTOR, "[data-testid=ring-backs-due]")
    assert officer.display_name in due.text
    assert axe_violations(browser) == []

    browser.find_element(By.LINK_TEXT, "Record a ring-back").click()
    wait_for_heading(browser, "Record a ring-back")
    assert axe_violations(browser) == []
    fill(browser, {"crime_ref": "DU/99/0000"})
    submit(browser, "ring-back-form")
    wait_for_heading(browser, "Record a ring-back")
    summary = browser.find_element(By.CSS_SELECTOR, "[data-testid=error-summary]")
    assert "Say whether you reached the victim" in summary.text
    assert axe_violations(browser) == []

    choose(browser, "victim_reached", "yes")
    choose(browser, "leaflet_given", "N")
    submit(browser, "ring-back-form")
    wait_for_heading(browser, "Record a ring-back")
    summary = browser.find_element(By.CSS_SELECTOR, "[data-testid=error-summary]")
    assert "not one of your teams' crimes" in summary.text
    assert not RingBack.objects.exists()

    fill(browser, {"crime_ref": "du/26/7001"})
    submit(browser, "ring-back-form")
    wait_for_heading(browser, "My teams")
    assert "Ring-back recorded for" in browser.page_source
    assert RingBack.objects.get().leaflet_given == "N"
    assert axe_violations(browser) == []

    browser.find_element(By.LINK_TEXT, "Record a dip sample").click()
    wait_for_heading(browser, "Record a dip sample")
    fill(browser, {"crime_ref": "DU/26/7001"})
    for box in ("leaflet_given", "contact_details_left", "vna_completed"):
        choose(browser, box, "right")
    for box in ("contact_plan_agreed", "vps_offered", "right_to_review_given"):
        choose(browser, box, "na")
    choose(browser, "compensation_discussed", "wrong")
    browser.find_element(
        By.CSS_SELECTOR, "[data-testid=dip-sample-form] button"
    ).click()
    wait_for_heading(browser, "Record a dip sample")
    assert "Say what was wrong with this box" in browser.page_source
    assert axe_violations(browser) == []
    fill(browser, {"compensation_discussed_note": "Closed without compensation"})
    browser.find_element(
        By.CSS_SELECTOR, "[data-testid=dip-sample-form] button"
    ).click()
    wait_for_heading(browser, "My teams")
    assert DipSample.objects.get().compensation_discussed == "wrong"
