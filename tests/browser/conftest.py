"""Browser test fixtures: a headless Chromium per session, the demo served live."""

from __future__ import annotations

import os

import pytest
from django.test import testcases

from tests.browser.helpers import make_driver, quit_driver
from tests.helpers import run_demo

# Django's live test server answers MEDIA_URL itself with static.serve, which
# ignores Range (so a browser cannot seek a video). Let the site's own
# Range-aware media view answer instead, as it does under runserver.
testcases._MediaFilesHandler._should_handle = lambda self, path: False


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    driver = make_driver()
    yield driver
    quit_driver(driver)


@pytest.fixture
def live_demo(transactional_db, live_server, browser):
    run_demo(people=80)
    browser.delete_all_cookies()
    return live_server
