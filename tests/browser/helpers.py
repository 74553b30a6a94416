"""Helpers for the browser tests: a headless Chromium, signing in, waiting for a
heading, the keyboard, axe-core's WCAG 2.2 A/AA checks and CSP refusals."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def make_driver():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        message = (
            "Browser tests need Debian chromium and chromium-driver "
            "(apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="crystal-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--mute-audio",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=1280,1000",
        f"--user-data-dir={profile}",
    ]:
        options.add_argument(flag)
    # The console log carries the browser's Content Security Policy refusals.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(
        service=Service(executable_path=CHROMEDRIVER), options=options
    )
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    driver.profile_dir = profile
    return driver


def quit_driver(driver) -> None:
    driver.quit()
    shutil.rmtree(driver.profile_dir, ignore_errors=True)


SETTLED = """
const done = arguments[arguments.length - 1];
const moving = () => document.getAnimations().filter(
  (a) => a.playState === "running"
    && a.effect && a.effect.getTiming().iterations !== Infinity);
const until = Date.now() + 5000;
(function check() {
  if (moving().length === 0 || Date.now() > until) { done(true); return; }
  setTimeout(check, 50);
})();
"""


def axe_violations(driver) -> list[dict]:
    """Run axe-core on the current page with the WCAG 2.2 A and AA rules, once
    its transitions have finished: a panel still sliding in overlaps its
    neighbours for a moment (axe's target-size saw Wagtail's minimap toggle
    half covered by the opening preview panel), which no reader ever sees."""
    driver.execute_async_script(SETTLED)
    driver.execute_script(AXE_SOURCE)
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: "
        "v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));",
        WCAG_TAGS,
    )
    return results


def sign_in(
    driver,
    base_url: str,
    username: str,
    password: str = "crystal-demo",  # noqa: S107
) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url = f"{base_url}/accounts/sign-in/"
    # Demo users always sign in, so staying on the sign-in page means the
    # submit was lost while the shared browser was still busy with the previous
    # test's page: submit once more.
    for _attempt in range(2):
        driver.get(url)
        driver.find_element(By.ID, "id_username").send_keys(username)
        driver.find_element(By.ID, "id_password").send_keys(password)
        # The sign-in form, not the header's language switch (also a form).
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        try:
            WebDriverWait(driver, 10).until(
                lambda d: "/accounts/sign-in/" not in d.current_url
            )
            return
        except TimeoutException:
            continue


def wait_for_heading(driver, text: str) -> None:
    """Wait for the h1 to hold `text`. A page being replaced can answer with a
    node of the old document ("does not belong to the document"): that is
    asked again, not a failure; a heading that never comes still times out."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(
        EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), text)
    )


def press(driver, *keys) -> None:
    driver.switch_to.active_element.send_keys(*keys)


def focus_on(driver, css: str) -> None:
    """Tab forward until the element matching css has focus (as a keyboard user)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    target = driver.find_element(By.CSS_SELECTOR, css)
    for _ in range(60):
        if driver.switch_to.active_element == target:
            return
        press(driver, Keys.TAB)
    raise AssertionError(f"could not reach {css} with the Tab key")


def csp_refusals(driver) -> list[str]:
    """The Content Security Policy refusals logged since the last call."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
