"""The Content Security Policy holds on every kind of page: nothing refused."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from modules.models import TilePage, VideoModulePage
from quizzes.models import QuizPage
from tests.browser.helpers import csp_refusals, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def visit(browser, url: str) -> list[str]:
    browser.get(url)
    WebDriverWait(browser, 15).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    # Module scripts and Wagtail's admin scripts run after load: give them a
    # moment to do what they do (and be refused if the policy forbids it).
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1]; setTimeout(done, 400);"
    )
    return [f"{url}: {message}" for message in csp_refusals(browser)]


def test_every_kind_of_page_runs_under_the_policy(live_demo, browser):
    base = live_demo.url
    tile = TilePage.objects.live().first()
    video = VideoModulePage.objects.live().first()
    quiz = QuizPage.objects.live().first()
    refused = visit(browser, f"{base}/accounts/sign-in/")

    sign_in(browser, base, "officer")
    for path in ["/", tile.url, video.url, quiz.url, "/my-training/"]:
        refused += visit(browser, base + path)
    browser.delete_all_cookies()

    sign_in(browser, base, "sergeant")
    refused += visit(browser, f"{base}/reports/my-teams/")
    browser.delete_all_cookies()

    sign_in(browser, base, "manager")
    for path in [
        "/reports/coverage/",
        "/reports/abstraction/",
        "/admin/",
        "/admin/reports/training/coverage/",
        "/admin/plans/",
        "/admin/people-import/",
        "/admin/xapi-forwarding/",
    ]:
        refused += visit(browser, base + path)
    browser.delete_all_cookies()

    sign_in(browser, base, "editor")
    for path in [
        "/admin/pages/",
        f"/admin/pages/{video.pk}/edit/",
        f"/admin/pages/{quiz.pk}/edit/",
        "/admin/media/",
        "/admin/documents/",
        "/admin/images/",
    ]:
        refused += visit(browser, base + path)
    assert refused == []
    # The policy is enforced and its refusals reach this log: an injected
    # inline script is refused.
    browser.get(f"{base}/my-training/")
    browser.execute_script(
        "const s = document.createElement('script');"
        "s.textContent = 'document.body.dataset.injected = 1';"
        "document.body.appendChild(s);"
    )
    assert (
        browser.find_element(By.TAG_NAME, "body").get_attribute("data-injected") is None
    )
    assert any("inline script" in m for m in csp_refusals(browser))
