"""The dashboards in a real browser: a supervisor filters and exports their
matrix; a training manager reads coverage, its charts and their tables; axe-core
finds no WCAG 2.2 A/AA violation on any of them."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from crystal_learning.demo.history import demo_history_build
from crystal_learning.people.models import Person
from tests.browser.helpers import axe_violations, sign_in, wait_for_heading

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: "same-origin"})
  .then(r => r.text().then(t => done(
    {status: r.status, type: r.headers.get("content-type"), text: t})))
  .catch(e => done({status: 0, type: "", text: String(e)}));
"""


@pytest.fixture
def with_history(live_demo):
    demo_history_build(seed=2022)
    return live_demo


def test_a_supervisor_filters_and_exports_the_matrix(with_history, browser):
    sign_in(browser, with_history.url, "sergeant")
    browser.find_element(By.LINK_TEXT, "My teams").click()
    wait_for_heading(browser, "My teams")
    assert axe_violations(browser) == []
    rows = browser.find_elements(By.CSS_SELECTOR, "[data-testid=member]")
    team = Person.objects.filter(team__code="N-RESP-A", assignments__isnull=False)
    assert len(rows) == team.distinct().count() > 1
    everyone = {row.find_element(By.TAG_NAME, "th").text.split("\n")[0] for row in rows}
    outsiders = set(
        Person.objects.exclude(team__code="N-RESP-A").values_list(
            "display_name", flat=True
        )
    )
    assert not everyone & (outsiders - {p.display_name for p in team})

    Select(browser.find_element(By.ID, "id_status")).select_by_visible_text(
        "Not complete"
    )
    browser.find_element(By.CSS_SELECTOR, ".crystal-filters button").click()
    WebDriverWait(browser, 10).until(lambda d: "status=incomplete" in d.current_url)
    filtered = browser.find_elements(By.CSS_SELECTOR, "[data-testid=member]")
    assert 0 < len(filtered) <= len(rows)
    statuses = [row.find_elements(By.TAG_NAME, "td")[0].text for row in filtered]
    assert not any(s.startswith("Complete") for s in statuses)
    assert axe_violations(browser) == []

    link = browser.find_element(By.CSS_SELECTOR, "[data-testid=export-csv]")
    assert "status=incomplete" in link.get_attribute("href")
    csv = browser.execute_async_script(FETCH, link.get_attribute("href"))
    assert csv["status"] == 200 and csv["type"].startswith("text/csv")
    lines = csv["text"].strip().splitlines()
    assert lines[0].startswith("Staff number,Name,Rank,Team")
    assert len(lines) == len(filtered) + 1
    xlsx = browser.find_element(By.CSS_SELECTOR, "[data-testid=export-xlsx]")
    response = browser.execute_async_script(FETCH, xlsx.get_attribute("href"))
    assert response["status"] == 200 and "spreadsheetml" in response["type"]


def test_a_manager_reads_coverage_and_the_charts_tables(with_history, browser):
    sign_in(browser, with_history.url, "manager")
    browser.find_element(By.LINK_TEXT, "Coverage").click()
    wait_for_heading(browser, "Coverage: Op Crystal core")
    # The charts drew (Chart.js attached to each canvas) from the figures in
    # the tables beside them.
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script(
            "return !!(window.Chart && Chart.getChart('trend-chart') "
            "&& Chart.getChart('areas-chart'))"
        )
    )
    plotted = browser.execute_script(
        "return Chart.getChart('trend-chart').data.datasets[0].data"
    )
    table = browser.find_element(By.CSS_SELECTOR, "[data-testid=trend-table]")
    shown = [
        int(cell.text.rstrip("%"))
        for cell in table.find_elements(By.CSS_SELECTOR, "tbody td:last-child")
    ]
    assert plotted == shown and len(shown) >= 3
    assert shown == sorted(shown)  # completions only grow in the demo history
    areas = browser.find_element(By.CSS_SELECTOR, "[data-testid=areas-table]")
    area_names = [th.text for th in areas.find_elements(By.CSS_SELECTOR, "tbody th")]
    assert (
        browser.execute_script("return Chart.getChart('areas-chart').data.labels")
        == area_names
    )
    assert axe_violations(browser) == []

    Select(browser.find_element(By.ID, "id_area")).select_by_visible_text("North Area")
    browser.find_element(By.CSS_SELECTOR, ".crystal-filters button").click()
    # The filtered page first, then its heading (not the old page's).
    WebDriverWait(browser, 10).until(lambda d: "area=" in d.current_url)
    wait_for_heading(browser, "Coverage")
    teams = browser.find_element(By.CSS_SELECTOR, "[data-testid=teams-table]")
    assert {
        td.text for td in teams.find_elements(By.CSS_SELECTOR, "tbody td:first-of-type")
    } == {"North Area"}
    assert axe_violations(browser) == []


def test_the_admin_reports_pass_axe(with_history, browser):
    sign_in(browser, with_history.url, "manager")
    for path, heading in (
        ("/admin/reports/training/coverage/", "Coverage by team"),
        ("/admin/reports/training/overdue/", "Overdue training"),
        ("/admin/reports/training/performance-review/", "Monthly performance review"),
    ):
        browser.get(with_history.url + path)
        wait_for_heading(browser, heading)
        assert axe_violations(browser) == [], path


def test_a_manager_reads_the_abstraction_per_team_per_week(with_history, browser):
    sign_in(browser, with_history.url, "manager")
    browser.find_element(By.LINK_TEXT, "Coverage").click()
    wait_for_heading(browser, "Coverage")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=abstraction-link]").click()
    wait_for_heading(browser, "Abstraction per team per week")
    table = browser.find_element(By.CSS_SELECTOR, "[data-testid=abstraction-table]")
    assert "on the busiest day" in table.text  # the demo's published briefings
    assert axe_violations(browser) == []
