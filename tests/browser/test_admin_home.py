"""A training manager's admin home in a real browser, on a desktop and on a
phone: their name and what needs attention, no sideways scrolling, axe clean."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from crystal_learning.programmes.models import Assignment, Requirement
from crystal_learning.scheduling.models import DraftPlan, TrainingSession
from tests.browser.helpers import axe_violations, sign_in
from tests.scheduling.factories import briefing

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PANELS = (
    "Welcome, Sam Patel",
    "Overdue training by area",
    "Sessions this week with free places",
    "Plans in draft",
)


def needs_attention() -> None:
    """Overdue people, a session this week with a long title, a draft plan."""
    today = timezone.localdate()
    late = Assignment.objects.order_by("pk").values_list("pk", flat=True)[:12]
    Assignment.objects.filter(pk__in=list(late)).update(
        due_on=today - timedelta(days=5)
    )
    session = briefing(capacity=12, on=today + timedelta(days=2))
    TrainingSession.objects.filter(pk=session.pk).update(
        title="Op Crystal supervisor briefing for the North and South areas"
    )
    DraftPlan.objects.create(
        requirement=Requirement.objects.filter(kind="briefing").first(),
        starts_on=today,
        ends_on=today + timedelta(weeks=12),
        created_at=timezone.now(),
    )


def test_the_admin_home_fits_a_desktop_and_a_phone(live_demo, browser):
    needs_attention()
    sign_in(browser, live_demo.url, "manager")
    try:
        for width in (1366, 390):
            browser.set_window_size(width, 900)
            browser.get(f"{live_demo.url}/admin/")
            headings = {
                h.text for h in browser.find_elements(By.CSS_SELECTOR, "main h2")
            }
            assert set(PANELS) <= headings, width
            main = browser.find_element(By.TAG_NAME, "main").text
            assert "have overdue training." in main and "12 of 12 free" in main
            assert "for the North and South areas" in main and "Plan " in main
            overflow = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert overflow[0] <= overflow[1], (width, overflow)
            assert axe_violations(browser) == [], width
    finally:
        browser.set_window_size(1280, 1000)
