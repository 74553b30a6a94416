"""Issue 18: each role walks its whole journey in a real browser at 1366 px and
390 px. On each screen and at each width: nothing wider than the window (the
page never scrolls sideways; wide tables scroll inside their own region), no
error in the browser's console, no axe-core WCAG 2.2 A/AA violation. A
screenshot of each is saved to var/screenshots/<role>-<screen>-<width>.png
(gitignored) and listed in var/screenshots/<role>.txt. One browser for all,
one demo database per role; both widths by resizing the window.

And the progress a learner has made reads the same on every screen that
shows it: My training, the module page, their supervisor's matrix and the
training manager's coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from crystal_learning.demo.victim_care import demo_victim_care_build
from crystal_learning.people.models import Person, Team
from crystal_learning.people.roles import SUPERVISOR
from crystal_learning.programmes.services import assignments_sync
from crystal_learning.scheduling.models import TrainingSession
from crystal_learning.scheduling.services import booking_create
from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.vocabulary import Verb
from modules.models import (
    PackageModulePage,
    ResourcePage,
    VideoModulePage,
    VideoWatch,
)
from quizzes.models import QuizAttempt, QuizPage
from tests.browser.helpers import axe_violations, sign_in, wait_for_heading
from tests.modules.factories import module_watched
from tests.people.factories import person_with_sign_in
from tests.programmes.helpers import complete_everything

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (1366, 390)
HEIGHT = 900
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

OVERFLOW = """
const root = document.documentElement;
if (root.scrollWidth <= window.innerWidth) return [];
const out = [];
const clipped = (el) => {
  for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
    if (getComputedStyle(up).overflowX !== "visible") return true;
  }
  return false;
};
for (const el of document.querySelectorAll("body *")) {
  const box = el.getBoundingClientRect();
  // Inside a region that scrolls (or clips) on its own: not the page's width.
  if (box.right > window.innerWidth + 1 && clipped(el)) continue;
  if (box.right > window.innerWidth + 1 && box.width > 0) {
    out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.className && el.className.baseVal === undefined
         ? "." + String(el.className).trim().split(/\\s+/).join(".") : "")
      + " right=" + Math.round(box.right));
    if (out.length >= 5) break;
  }
}
return [`scrollWidth ${root.scrollWidth} > innerWidth ${window.innerWidth}`, ...out];
"""


@dataclass
class Walk:
    """One role's walk: the screens seen and what was wrong on them."""

    driver: object
    role: str
    screens: list[tuple[str, str, list[str]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def look(self, screen: str, *, reload: bool = True, status: int = 200) -> None:
        """Check the page the browser shows now at each width. `reload`: load it
        again at the second width (a GET page); otherwise the window is only
        resized (a screen reached by a POST, such as a quiz's). `status`: the
        page is an error page answering with this status."""
        driver = self.driver
        url = driver.current_url
        files = []
        for index, width in enumerate(WIDTHS):
            driver.set_window_size(width, HEIGHT)
            if index and reload:
                driver.get(url)
            where = f"{self.role}/{screen}@{width} ({url})"
            # Wide content (tables, code) scrolls in its own region, never the page.
            for line in driver.execute_script(OVERFLOW):
                self.problems.append(f"{where}: overflow {line}")
            for entry in driver.get_log("browser"):
                if entry["level"] != "SEVERE":
                    continue
                message = entry["message"]
                # The error page's own status, which the browser logs as well.
                if status != 200 and f"status of {status}" in message:
                    continue
                self.problems.append(f"{where}: console {message}")
            for violation in axe_violations(driver):
                self.problems.append(
                    f"{where}: axe {violation['id']} {violation['nodes'][:3]}"
                )
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = f"{self.role}-{screen}-{width}.png"
            driver.save_screenshot(str(SCREENSHOTS / name))
            files.append(name)
        driver.set_window_size(WIDTHS[0], HEIGHT)
        self.screens.append((screen, url, files))

    def finish(self) -> None:
        """Write the list of screens and their screenshots, then fail on any
        problem found (all of them reported at once)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        lines = [
            f"{screen}\t{url}\t{' '.join(files)}" for screen, url, files in self.screens
        ]
        (SCREENSHOTS / f"{self.role}.txt").write_text("\n".join(lines) + "\n")
        print("\n".join(lines))  # noqa: T201 - the list the closing note quotes
        assert self.problems == [], "\n".join(self.problems)


def go(walk: Walk, base: str, path: str, heading: str) -> None:
    walk.driver.get(base + path)
    wait_for_heading(walk.driver, heading)


def click(driver, css: str, by: str = By.CSS_SELECTOR) -> None:
    """Click as a user would: the element scrolled clear of sticky bars."""
    element = driver.find_element(by, css)
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
    )
    element.click()


def protected_time_tomorrow() -> TrainingSession:
    """Protected time tomorrow for one of the learner's requirements."""
    from datetime import timedelta

    from crystal_learning.programmes.models import Requirement

    return TrainingSession.objects.create(
        kind=TrainingSession.Kind.ELEARNING,
        title="Protected learning, HQ",
        requirement=Requirement.objects.filter(programme__name="Op Crystal core")
        .exclude(kind=Requirement.Kind.BRIEFING)
        .first(),
        date=timezone.localdate() + timedelta(days=1),
        start=time(9, 0),
        end=time(11, 0),
        venue="HQ",
        capacity=5,
    )


def question_count(driver) -> int:
    wait_for_heading(driver, "Question 1 of ")
    heading = driver.find_element(By.TAG_NAME, "h1").text
    return int(re.search(r"of (\d+)", heading).group(1))


def answer_every_question(
    driver, attempt: QuizAttempt, count: int, walk: Walk | None = None
) -> None:
    """Go through every question as a learner would: the right options where
    a question has options, the expected answers in a case's record boxes.
    With a walk, the first needs assessment practice and the first case with
    a "not applicable" record box are looked at as they come."""
    order = list(
        attempt.answers.order_by("position").values_list("question", flat=True)
    )
    seen = set()
    for position, question in enumerate(order, start=1):
        wait_for_heading(driver, f"Question {position} of {count}")
        kind = question["type"]
        if kind == "scenario" and any(
            box.get("expected") == "na" for box in question.get("boxes", [])
        ):
            kind = "record-boxes-na"
        if walk and kind in {"needs_assessment", "record-boxes-na"} - seen:
            seen.add(kind)
            walk.look(f"quiz-{kind.replace('_', '-')}", reload=False)
        if question["type"] == "scenario":
            for box in question.get("boxes", []):
                code, expected = box["box"], box.get("expected")
                if driver.find_elements(By.ID, f"{code}-{expected}"):
                    click(driver, f"#{code}-{expected}")
                if box.get("expected_format"):
                    driver.find_element(By.ID, f"{code}-format").send_keys(
                        box["expected_format"][:3]
                    )
                if expected == "no" and driver.find_elements(
                    By.ID, f"{code}-rationale"
                ):
                    driver.find_element(By.ID, f"{code}-rationale").send_keys(
                        "Not closed: the investigation is ongoing."
                    )
        else:
            for option in question.get("options", []):
                if option["correct"]:
                    click(driver, f"#opt-{option['id']}")
        click(driver, "button[value=next]")


def test_the_learner_journey(live_demo, browser):
    base = live_demo.url
    officer = Person.objects.get(user__username="officer")
    quiz = QuizPage.objects.get(slug="quiz-victim-care-log")
    module = VideoModulePage.objects.get(quiz=quiz)
    module_watched(officer, module)
    booking_create(session=protected_time_tomorrow(), person=officer)
    walk = Walk(browser, "learner")

    sign_in(browser, base, "officer")
    wait_for_heading(browser, "My training")
    assert "Protected learning, HQ" in text_of(browser, "[data-testid=next-session]")
    walk.look("my-training")
    # Protected time booked for a module: the line under that requirement.
    assert "Your protected time:" in text_of(browser, "[data-testid=protected-time]")
    # My training in Cymraeg, by the header's button; then back to English.
    click(browser, "[data-testid=language-switch]")
    wait_for_heading(browser, "Fy hyfforddiant")
    walk.look("my-training-cy")
    click(browser, "[data-testid=language-switch]")
    wait_for_heading(browser, "My training")
    # Bookings: the learner's sessions are on My training, and in their
    # calendar app through a private address.
    click(browser, "[data-testid=calendar] summary")
    click(browser, "[data-testid=calendar] form button")
    WebDriverWait(browser, 15).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".crystal-feed-url")
    )
    browser.find_element(By.CSS_SELECTOR, "[data-testid=calendar] summary").click()
    assert ".ics" in text_of(browser, ".crystal-feed-url")
    walk.look("my-training-calendar", reload=False)
    browser.find_element(By.LINK_TEXT, "Learning").click()
    wait_for_heading(browser, "Learning")
    walk.look("learning-tiles")
    go(walk, base, "/op-crystal/", "Op Crystal")
    walk.look("tile")
    go(walk, base, "/op-crystal/why-op-crystal/", "1. Why Op Crystal exists")
    walk.look("video-module")
    go(walk, base, "/op-crystal/guide/", "Guide: the victim care log")
    walk.look("resource")
    # A leaflet opened through its link: the page says so when they come back.
    leaflet = ResourcePage.objects.live().get(slug="victim-of-crime-leaflet")
    go(walk, base, leaflet.url, leaflet.title)
    click(browser, "main a[href^='/resources/document/']")
    WebDriverWait(browser, 15).until(
        lambda d: Statement.objects.filter(verb_id=Verb.EXPERIENCED).exists()
    )
    # What the browser logged showing the PDF itself (its /favicon.ico) is
    # not the site's pages' console.
    browser.get_log("browser")
    go(walk, base, leaflet.url, leaflet.title)
    assert "Opened " in text_of(browser, "[data-testid=resource-opened]")
    walk.look("resource-document-opened")
    go(walk, base, "/op-crystal/why-op-crystal/", "1. Why Op Crystal exists")
    assert "Opened " in text_of(browser, "[data-testid=resource-opened]")
    walk.look("video-module-documents-opened")
    package = PackageModulePage.objects.live().first()
    go(walk, base, package.url, package.title)
    walk.look("package-module")

    go(walk, base, module.url, module.title)
    walk.look("video-module-watched")
    go(walk, base, quiz.url, quiz.title)
    walk.look("quiz-start")
    click(browser, "main form button.govuk-button")
    count = question_count(browser)
    walk.look("quiz-question", reload=False)
    answer_every_question(browser, QuizAttempt.objects.get(), count, walk)
    wait_for_heading(browser, "Check your answers")
    walk.look("quiz-check-your-answers", reload=False)
    click(browser, "form[action$='submit/'] button")
    wait_for_heading(browser, "Attempt 1")
    assert "Back to the quiz" in browser.find_element(By.TAG_NAME, "main").text
    walk.look("quiz-result", reload=False)

    complete_everything(officer)
    go(walk, base, "/my-training/", "My training")
    walk.look("my-training-complete")
    browser.find_element(By.LINK_TEXT, "View your certificate").click()
    wait_for_heading(browser, "Certificate of completion")
    walk.look("certificate")

    go(walk, base, "/quizzes/reviews/", "You cannot open this page")
    walk.look("error-403", status=403)
    go(walk, base, "/no-such-page/", "Page not found")
    walk.look("error-404", status=404)

    click(browser, "form[action$='sign-out/'] button")
    wait_for_heading(browser, "Sign in")
    walk.look("signed-out")
    walk.finish()


def test_the_supervisor_journey(live_demo, browser):
    demo_victim_care_build(seed=2022)  # crimes waiting for a ring-back
    base = live_demo.url
    walk = Walk(browser, "supervisor")
    sign_in(browser, base, "sergeant")
    wait_for_heading(browser, "My training")
    walk.look("my-training")
    browser.find_element(By.LINK_TEXT, "My teams").click()
    wait_for_heading(browser, "My teams")
    walk.look("team-matrix")
    go(walk, base, "/reports/my-teams/?status=incomplete", "My teams")
    walk.look("team-matrix-not-complete")
    go(walk, base, "/reports/my-teams/?q=DEMO0001", "My teams")
    assert "PC Alex Morgan" in browser.find_element(By.TAG_NAME, "main").text
    walk.look("a-person")

    go(walk, base, "/reports/my-teams/?status=incomplete", "My teams")
    click(browser, "[data-testid=reminder] form button")
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".govuk-notification-banner")
    )
    walk.look("reminder-sent", reload=False)

    # Victim care checks on My teams: ring-backs due, refreshers, the forms.
    go(walk, base, "/reports/my-teams/#victim-care", "My teams")
    assert "Victim care checks" in text_of(browser, "[data-testid=victim-care]")
    walk.look("victim-care-checks")
    click(browser, "Record a ring-back", By.LINK_TEXT)
    wait_for_heading(browser, "Record a ring-back")
    walk.look("ring-back")
    click(browser, "[data-testid=ring-back-form] button")
    WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=error-summary]")
    )
    walk.look("ring-back-errors", reload=False, status=400)
    click(browser, "Back to My teams", By.LINK_TEXT)
    wait_for_heading(browser, "My teams")
    click(browser, "Record a dip sample", By.LINK_TEXT)
    wait_for_heading(browser, "Record a dip sample")
    walk.look("dip-sample")

    go(walk, base, "/quizzes/reviews/", "Rationales to review")
    walk.look("reviews-queue")
    walk.finish()


def test_the_area_supervisor_journey(live_demo, browser):
    north = Team.objects.get(code="AREA-N")
    person_with_sign_in(
        "inspector",
        roles=(SUPERVISOR,),
        team=Team.objects.get(code="N-RESP-A"),
        rank=Person.Rank.INSPECTOR,
        display_name="Insp Ira North",
        email="inspector@example.police.uk",
        supervises=[north],
    )
    assignments_sync()
    base = live_demo.url
    walk = Walk(browser, "inspector")
    sign_in(browser, base, "inspector")
    wait_for_heading(browser, "My training")
    browser.find_element(By.LINK_TEXT, "My teams").click()
    wait_for_heading(browser, "My teams")
    teams = Select(browser.find_element(By.ID, "id_team")).options
    assert len(teams) > 3  # every team of the area, sub-teams included
    walk.look("area-teams")
    Select(browser.find_element(By.ID, "id_team")).select_by_visible_text(
        "North Response Team B"
    )
    click(browser, ".crystal-filters button")
    WebDriverWait(browser, 10).until(lambda d: "team=" in d.current_url)
    wait_for_heading(browser, "My teams")
    walk.look("area-one-team")
    # Coverage is the training managers' (the area's figures are their
    # matrix): an inspector is told so, on the styled 403 page.
    go(walk, base, "/reports/coverage/", "You cannot open this page")
    walk.look("coverage-refused", status=403)
    go(walk, base, "/quizzes/reviews/", "Rationales to review")
    walk.look("reviews-queue")
    walk.finish()


def test_the_training_manager_journey(live_demo, browser, tmp_path):
    from datetime import timedelta

    from django.urls import reverse

    from crystal_learning.people.models import Absence, PeopleImport
    from crystal_learning.programmes.models import Requirement
    from crystal_learning.scheduling.models import AbstractionPolicy, ShiftMinimum
    from tests.scheduling.helpers import needing
    from tests.victim_care.helpers import extract, line

    base = live_demo.url
    today = timezone.localdate()
    officer = Person.objects.get(user__username="officer")
    session = protected_time_tomorrow()
    booking_create(session=session, person=officer)
    demo_victim_care_build(seed=2022)  # three months of records: the figures
    policy = AbstractionPolicy.objects.create(cap_share="0.20", min_release=1)
    ShiftMinimum.objects.create(policy=policy, duty_code="E", minimum=2)
    module_requirement = (
        Requirement.objects.filter(kind="module", programme__name="Op Crystal core")
        .order_by("sort_order")
        .first()
    )
    # Away for the whole plan: "Not planned", with the reason.
    Absence.objects.create(
        person=needing(module_requirement)[0],
        kind=Absence.Kind.SICKNESS,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(weeks=4),
    )
    extract_file = tmp_path / "victim-care.csv"
    extract_file.write_text(
        extract(
            line(
                "DU/26/9001",
                recorded_on=f"{today - timedelta(days=3):%Y-%m-%d}",
                staff_number=officer.staff_number,
            )
        )
    )
    people_import = PeopleImport.objects.create(
        filename="extract.csv",
        csv_text="staff_number,display_name\n",
        status=PeopleImport.Status.FAILED,
    )
    walk = Walk(browser, "manager")
    sign_in(browser, base, "manager")
    wait_for_heading(browser, "My training")
    go(walk, base, "/admin/", "")
    walk.look("admin-home")
    go(walk, base, "/reports/coverage/", "Coverage")
    assert browser.find_elements(
        By.CSS_SELECTOR, "[data-testid=training-compliance-chart] svg"
    )
    walk.look("coverage")
    go(walk, base, "/reports/abstraction/", "Abstraction")
    walk.look("abstraction")
    go(walk, base, "/admin/plans/", "")
    walk.look("plans")
    click(browser, "//button[normalize-space()='Make a draft plan']", By.XPATH)
    WebDriverWait(browser, 15).until(
        lambda d: re.search(r"/admin/plans/\d+/$", d.current_url)
    )
    walk.look("plan")
    # Protected time for a module: two daily slots inside earlies and lates.
    go(walk, base, "/admin/plans/", "")
    Select(browser.find_element(By.ID, "id_requirement")).select_by_value(
        str(module_requirement.pk)
    )
    for name, value in (
        ("starts_on", f"{today:%Y-%m-%d}"),
        ("ends_on", f"{today + timedelta(weeks=2):%Y-%m-%d}"),
        ("start", "09:00"),
        ("end", "10:30"),
        ("second_start", "16:00"),
        ("second_end", "17:30"),
        ("venue", "Desk"),
        ("capacity", "6"),
    ):
        browser.execute_script(
            "arguments[0].value = arguments[1]",
            browser.find_element(By.ID, f"id_{name}"),
            value,
        )
    click(browser, "#id_generate")
    click(browser, "#id_every_day")
    Select(browser.find_element(By.ID, "id_duty_code")).select_by_value("E")
    Select(browser.find_element(By.ID, "id_second_duty_code")).select_by_value("L")
    click(browser, "//button[normalize-space()='Make a draft plan']", By.XPATH)
    WebDriverWait(browser, 30).until(
        lambda d: re.search(r"/admin/plans/\d+/$", d.current_url)
    )
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Strength left on each shift" in page and "Not planned" in page
    walk.look("plan-protected")
    go(walk, base, f"/admin/abstraction_policies/edit/{policy.pk}/", "")
    assert "Minimum staffing per shift" in text_of(browser, "main")
    walk.look("abstraction-policy-edit")
    go(walk, base, "/admin/plans/calendar/", "")
    walk.look("sessions-calendar")
    go(walk, base, "/admin/training_sessions/", "")
    walk.look("sessions")
    go(walk, base, f"/admin/training_sessions/{session.pk}/bookings/", "")
    walk.look("bookings")
    go(walk, base, "/admin/people-import/", "")
    walk.look("hr-import")
    go(walk, base, f"/admin/people-import/{people_import.pk}/", "")
    walk.look("hr-import-result")
    go(walk, base, "/admin/crystal_people_person/", "")
    walk.look("people")
    # Victim care: compliance by team, and the extract's upload and preview.
    go(walk, base, "/admin/victim-care/", "Victim care compliance")
    walk.look("victim-care")
    go(walk, base, "/admin/victim-care/import/", "Import victim care records")
    walk.look("victim-care-import")
    browser.find_element(By.ID, "id_file").send_keys(str(extract_file))
    click(browser, "//button[normalize-space()='Preview import']", By.XPATH)
    WebDriverWait(browser, 15).until(
        lambda d: re.search(r"/admin/victim-care/import/\d+/$", d.current_url)
    )
    assert "1 record: 1 new" in text_of(browser, "[data-testid=import-summary]")
    walk.look("victim-care-import-preview")
    go(walk, base, "/admin/programmes/", "")
    walk.look("programmes")
    go(walk, base, reverse("crystal_quizzes_admin:item_analysis"), "")
    walk.look("quiz-item-analysis")
    go(walk, base, reverse("crystal_modules_admin:waive"), "")
    walk.look("package-unit-waiver")
    for path, name in (
        ("/admin/reports/training/coverage/", "report-coverage"),
        ("/admin/reports/training/overdue/", "report-overdue"),
        ("/admin/reports/training/performance-review/", "report-performance-review"),
    ):
        go(walk, base, path, "")
        walk.look(name)
    walk.finish()


def test_the_content_editor_journey(live_demo, browser):
    base = live_demo.url
    module = VideoModulePage.objects.get(slug="why-op-crystal")
    walk = Walk(browser, "editor")
    sign_in(browser, base, "editor")
    wait_for_heading(browser, "My training")
    go(walk, base, "/admin/", "")
    walk.look("admin-home")
    go(walk, base, f"/admin/pages/{module.get_parent().get_parent().pk}/", "")
    walk.look("page-explorer")
    go(walk, base, f"/admin/pages/{module.get_parent().pk}/", "")
    walk.look("page-explorer-tile")
    go(walk, base, f"/admin/pages/{module.pk}/edit/", "")
    walk.look("edit-module")
    click(browser, '[data-side-panel-toggle="preview"]')
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.ID, "w-preview-iframe")
    )
    walk.look("preview-panel", reload=False)
    package = PackageModulePage.objects.live().first()
    go(walk, base, f"/admin/pages/{package.pk}/edit/", "")
    walk.look("edit-package-module")
    walk.finish()


# ------------------------------------------------------- progress agrees


def text_of(driver, css: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, css).text


def test_the_progress_shown_is_the_same_on_every_screen(live_demo, browser):
    """One learner: a module completed with its quiz passed, another video
    watched in part. My training, the module pages, the sergeant's matrix and
    the manager's coverage show the same progress."""
    base = live_demo.url
    officer = Person.objects.get(user__username="officer")
    complete_everything(officer, modules=["why-op-crystal"])
    partial = VideoModulePage.objects.get(slug="victim-care-log")
    VideoWatch.objects.update_or_create(
        person=officer, page=partial, defaults={"fraction": 0.4}
    )
    done = VideoModulePage.objects.get(slug="why-op-crystal")

    sign_in(browser, base, "officer")
    wait_for_heading(browser, "My training")
    status = text_of(browser, "[data-testid=programme-status]")
    met, total, percent = map(
        int, re.search(r"(\d+) of (\d+) done \((\d+)%\)", status).groups()
    )
    assert 0 < met < total
    assert percent == round(met * 100 / total)
    # The programme's requirements and their state, as the learner reads them.
    mine = {}
    for item in browser.find_elements(
        By.CSS_SELECTOR, "[data-testid=programme] .govuk-task-list__item"
    ):
        name = item.find_element(By.CSS_SELECTOR, ".govuk-task-list__name-and-hint")
        label = name.text.split("\n")[0]
        mine[label] = item.find_element(
            By.CSS_SELECTOR, ".govuk-task-list__status"
        ).text
    videos = {
        item.find_element(By.CSS_SELECTOR, "a").text: item.find_element(
            By.CSS_SELECTOR, ".govuk-task-list__status"
        ).text
        for item in browser.find_elements(
            By.CSS_SELECTOR, "[data-testid=my-modules] .govuk-task-list__item"
        )
    }
    assert videos[partial.title] == "In progress (40%)"
    assert videos[done.title] == "Completed"

    browser.get(base + partial.url)
    wait_for_heading(browser, partial.title)
    assert text_of(browser, "[data-testid=module-progress]") == (
        "You have watched 40% so far."
    )
    browser.get(base + done.url)
    wait_for_heading(browser, done.title)
    assert text_of(browser, "[data-testid=module-complete]") == (
        "You have completed this module."
    )

    # The sergeant's matrix: the same count done and the same state for each
    # requirement.
    browser.delete_all_cookies()
    sign_in(browser, base, "sergeant")
    browser.get(f"{base}/reports/my-teams/?q={officer.staff_number}")
    wait_for_heading(browser, "My teams")
    row = browser.find_element(By.CSS_SELECTOR, "[data-testid=member]")
    cells = row.find_elements(By.TAG_NAME, "td")
    assert f"{met} of {total} done" in cells[0].text
    headers = [
        th.text for th in browser.find_elements(By.CSS_SELECTOR, "thead th")[2:-1]
    ]
    theirs = dict(
        zip(headers, [c.text.split("\n")[0] for c in cells[1:-1]], strict=True)
    )
    # The matrix has a column for each requirement of the team's programmes;
    # My training lists the ones that apply to this learner.
    assert {k: v for k, v in theirs.items() if v != "Not required"} == mine

    # The team's figures: the matrix's counts are the coverage's counts.
    counts = {}
    for status_filter in ("", "complete"):
        browser.get(f"{base}/reports/my-teams/?status={status_filter}")
        wait_for_heading(browser, "My teams")
        counts[status_filter] = int(
            text_of(browser, "[data-testid=matrix-count]").split()[0]
        )
    browser.delete_all_cookies()
    sign_in(browser, base, "manager")
    area = Team.objects.get(code="AREA-N")
    browser.get(f"{base}/reports/coverage/?area={area.pk}")
    wait_for_heading(browser, "Coverage")
    team = officer.team
    row = next(
        tr
        for tr in browser.find_elements(
            By.CSS_SELECTOR, "[data-testid=teams-table] tbody tr"
        )
        if tr.find_element(By.TAG_NAME, "th").text == team.name
    )
    assigned, completed, shown_percent = (
        td.text for td in row.find_elements(By.TAG_NAME, "td")[1:4]
    )
    assert (int(assigned), int(completed)) == (counts[""], counts["complete"])
    # Rounded down, as coverage rounds (99.6% is not 100%).
    assert shown_percent == f"{int(completed) * 100 // int(assigned)}%"
