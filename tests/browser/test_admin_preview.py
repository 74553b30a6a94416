"""The editor's preview panel shows the page (issue 18.6): the preview may be
framed by the admin, which it could not when every response refused framing."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from modules.models import VideoModulePage
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_editor_sees_the_page_in_the_preview_panel(live_demo, browser):
    page = VideoModulePage.objects.get(slug="why-op-crystal")
    sign_in(browser, live_demo.url, "editor")
    WebDriverWait(browser, 15).until(
        lambda d: "/accounts/sign-in/" not in d.current_url
    )
    browser.get(f"{live_demo.url}/admin/pages/{page.pk}/edit/")
    toggle = WebDriverWait(browser, 15).until(
        lambda d: d.find_element(By.CSS_SELECTOR, '[data-side-panel-toggle="preview"]')
    )
    toggle.click()

    def heading_in_frame(driver) -> str:
        """The preview's h1; Wagtail swaps in a new iframe on each refresh."""
        try:
            driver.switch_to.frame(driver.find_element(By.ID, "w-preview-iframe"))
            found = driver.find_elements(By.TAG_NAME, "h1")
            return found[0].text if found else ""
        except (NoSuchElementException, StaleElementReferenceException):
            return ""
        finally:
            driver.switch_to.default_content()

    WebDriverWait(browser, 30).until(lambda d: heading_in_frame(d) == page.title)
