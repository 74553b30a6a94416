"""Real playback in headless Chromium: completion, skips, resume, captions, keyboard."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import imageio_ffmpeg
import pytest
from django.core.files.base import ContentFile
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from wagtail.documents.models import Document
from wagtailmedia.models import Media

from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.vocabulary import Verb, VideoExtension
from modules.models import TilePage, VideoChapter, VideoModulePage, VideoWatch
from quizzes.models import QuizPage
from tests.browser.helpers import axe_violations, make_driver, quit_driver, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CAPTIONS = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:06.000\nOp Crystal: one standard for every victim.\n\n"
    "00:00:06.500 --> 00:00:13.000\nThe victim care log has seven record boxes.\n\n"
    "00:00:13.500 --> 00:00:19.500\nA no needs a written reason.\n"
)


@pytest.fixture
def browser():
    """A fresh browser per test: each viewing starts clean, as a person's would."""
    driver = make_driver()
    yield driver
    quit_driver(driver)


@pytest.fixture(scope="session")
def clip(tmp_path_factory) -> bytes:
    """A 20-second WebM (VP8 + Vorbis): plays in Debian's Chromium."""
    path = Path(tmp_path_factory.mktemp("video")) / "clip.webm"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-y",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x180:rate=10:duration=20",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=20",
            "-shortest",
            "-c:v",
            "libvpx",
            "-b:v",
            "150k",
            "-deadline",
            "realtime",
            "-c:a",
            "libvorbis",
            str(path),
        ],
        check=True,
        timeout=120,
    )
    return path.read_bytes()


@pytest.fixture
def module(live_demo, clip):
    media = Media(title="Clip", type="video", duration=20.0)
    media.file.save("clip.webm", ContentFile(clip), save=False)
    media.save()
    captions = Document(title="Clip captions")
    captions.file.save("clip.vtt", ContentFile(CAPTIONS.encode()), save=False)
    captions.save()
    tile = TilePage.objects.get(slug="op-crystal")
    page = VideoModulePage(
        title="Test module: the standard",
        slug="test-module",
        video=media,
        captions=captions,
        completion_threshold=0.9,
        quiz=QuizPage.objects.get(slug="quiz-why-op-crystal"),
    )
    tile.add_child(instance=page)
    VideoChapter.objects.create(
        page=page, start_seconds=0, title="The standard", sort_order=0
    )
    VideoChapter.objects.create(
        page=page, start_seconds=13, title="A no needs a reason", sort_order=1
    )
    page.save_revision().publish()
    return page


def open_module(browser, live_demo, module):
    sign_in(browser, live_demo.url, "officer")
    WebDriverWait(browser, 15).until(
        EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "My training")
    )
    browser.get(live_demo.url + module.url)
    WebDriverWait(browser, 15).until(
        lambda d: d.execute_script(
            "return document.querySelector('video').readyState >= 1"
        )
    )


def play(browser, rate: float = 8.0) -> None:
    browser.execute_script(
        "const v = document.querySelector('video'); v.muted = true;"
        " v.playbackRate = arguments[0]; v.play();",
        rate,
    )


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError("condition not met in time")


def watch_of(module) -> VideoWatch | None:
    return VideoWatch.objects.filter(
        page=module, person__user__username="officer"
    ).first()


def test_watching_to_the_end_completes_the_module_and_my_training_shows_it(
    live_demo, browser, module
):
    open_module(browser, live_demo, module)
    play(browser)
    wait_until(
        lambda: browser.execute_script("return document.querySelector('video').ended")
    )
    wait_until(lambda: (watch_of(module) or VideoWatch()).completed_at is not None)
    # The page learns from the server that the module is done and opens the
    # quiz without a reload (issue 18.3).
    wait_until(lambda: "completed" in player_status(browser))
    assert player_status(browser) == "You have completed this module."
    quiz_link = browser.find_element(By.CSS_SELECTOR, "[data-testid=quiz-open]")
    assert quiz_link.get_attribute("href").endswith(
        QuizPage.objects.get(slug="quiz-why-op-crystal").url
    )
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=quiz-locked]")
    assert (
        Statement.objects.filter(
            activity_id=module.activity_id,
            verb_id=Verb.COMPLETED,
            payload__authority__account__name="crystal-learning",
        ).count()
        == 1
    )
    browser.get(live_demo.url + "/my-training/")
    status = browser.find_element(By.ID, f"module-{module.pk}-status").text
    assert status == "Completed"


def test_skipping_past_the_middle_does_not_complete_it(live_demo, browser, module):
    open_module(browser, live_demo, module)
    play(browser, rate=2)
    wait_until(lambda: current_time(browser) > 3)
    browser.execute_script(
        "const v = document.querySelector('video'); v.pause(); v.currentTime = 16;"
    )
    wait_until(
        lambda: current_time(browser) >= 16
        and not browser.execute_script("return document.querySelector('video').seeking")
    )
    play(browser, rate=2)
    wait_until(
        lambda: browser.execute_script("return document.querySelector('video').ended")
    )
    wait_until(lambda: Statement.objects.filter(verb_id=Verb.COMPLETED).exists())
    watch = watch_of(module)
    assert watch.completed_at is None and 0.3 < watch.fraction < 0.6
    # The page says what the server kept, not "finished", and the quiz stays shut.
    wait_until(lambda: "so far" in player_status(browser))
    assert f"{watch.percent}% of the video so far" in player_status(browser)
    assert "Watch the parts you skipped" in player_status(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "[data-testid=quiz-locked]")
    browser.get(live_demo.url + "/my-training/")
    assert browser.find_element(By.ID, f"module-{module.pk}-status").text.startswith(
        "In progress"
    )


def player_status(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, "[data-player-status]").text


def test_the_player_does_not_claim_a_save_the_server_refused(
    live_demo, browser, module
):
    open_module(browser, live_demo, module)
    # The server refuses every save (a lost session, an outage): 503 for xAPI.
    browser.execute_script(
        "const real = window.fetch;"
        "window.fetch = (url, options) => String(url).includes('/xapi/')"
        " ? Promise.resolve(new Response('{}', {status: 503})) : real(url, options);"
    )
    play(browser)
    wait_until(
        lambda: browser.execute_script("return document.querySelector('video').ended")
    )
    wait_until(lambda: "saved" in player_status(browser))
    assert "could not be saved" in player_status(browser)
    assert "recorded" not in player_status(browser)
    assert watch_of(module) is None


def current_time(browser) -> float:
    return browser.execute_script("return document.querySelector('video').currentTime")


def test_reloading_resumes_where_the_officer_stopped(live_demo, browser, module):
    open_module(browser, live_demo, module)
    play(browser, rate=4)
    wait_until(
        lambda: browser.execute_script(
            "return document.querySelector('video').currentTime"
        )
        > 8
    )
    browser.execute_script("document.querySelector('video').pause();")
    wait_until(
        lambda: watch_of(module) is not None and watch_of(module).resume_position > 7
    )
    browser.refresh()
    wait_until(
        lambda: browser.execute_script(
            "return document.querySelector('video').currentTime"
        )
        > 7,
        timeout=15,
    )


def test_turning_captions_off_is_recorded(live_demo, browser, module):
    open_module(browser, live_demo, module)
    assert (
        browser.execute_script(
            "return document.querySelector('video').textTracks[0].mode"
        )
        == "showing"
    )
    play(browser, rate=2)
    wait_until(lambda: Statement.objects.filter(verb_id=Verb.PLAYED).exists())
    browser.execute_script(
        "document.querySelector('video').textTracks[0].mode = 'disabled';"
    )
    wait_until(lambda: Statement.objects.filter(verb_id=Verb.INTERACTED).exists())
    interacted = Statement.objects.get(verb_id=Verb.INTERACTED).payload
    assert interacted["context"]["extensions"][VideoExtension.CC_ENABLED] is False


def test_a_chapter_can_be_chosen_with_the_keyboard(live_demo, browser, module):
    open_module(browser, live_demo, module)
    button = browser.find_element(By.CSS_SELECTOR, '[data-seek="13"]')
    button.send_keys(Keys.ENTER)
    wait_until(
        lambda: browser.execute_script(
            "return document.querySelector('video').currentTime"
        )
        >= 13,
        timeout=10,
    )
    browser.find_element(By.CSS_SELECTOR, ".crystal-transcript summary").send_keys(
        Keys.ENTER
    )
    assert (
        "A no needs a written reason."
        in browser.find_element(By.CSS_SELECTOR, ".crystal-transcript").text
    )


def test_module_and_tile_pages_have_no_axe_violations(live_demo, browser, module):
    open_module(browser, live_demo, module)
    assert axe_violations(browser) == []
    browser.get(live_demo.url + module.get_parent().url)
    assert axe_violations(browser) == []


def test_on_a_phone_the_player_fits_the_screen(live_demo, browser, module):
    """At 390 px the video and its controls fit: no fixed 960 px width and no
    sideways scrolling (issue 18.1)."""
    browser.set_window_size(390, 844)
    open_module(browser, live_demo, module)
    viewport = browser.execute_script("return document.documentElement.clientWidth")
    video = browser.execute_script(
        "return document.querySelector('video').getBoundingClientRect().right"
    )
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert viewport <= 390
    assert video <= viewport
    assert scroll <= viewport
