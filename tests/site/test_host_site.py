"""A host Wagtail site that adds our apps and sets no CRYSTAL_* setting works:
every learner page answers, on defaults from crystal_learning.conf, and a
learner can pass a quiz, get a certificate, subscribe to the calendar and send
the player's statements."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAGES = {
    "/accounts/sign-in/": "Sign in",
    "/": "Learning",
    "/op-crystal/": "Op Crystal",
    "/op-crystal/why-op-crystal/": "1. Why Op Crystal exists",
    "/op-crystal/guide/": "Guide: the victim care log",
    "/victim-care/": "Victim care",
    "/victim-care/victim-of-crime-leaflet/": "Victim of crime leaflet",
    "/op-crystal/quiz-why-op-crystal/": "Quiz 1: Why Op Crystal exists",
    "/my-training/": "My training",
}


def host_site_run(tmp_path: Path) -> dict:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("CRYSTAL_") and name != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.host_site.settings",
        HOST_SITE_DIR=str(tmp_path),
    )
    result = subprocess.run(  # noqa: S603 - our own script, no shell
        [sys.executable, "-m", "tests.host_site.pages"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_learner_page_works_on_a_host_site_without_crystal_settings(tmp_path):
    report = host_site_run(tmp_path)
    assert report["crystal_settings"] == []

    visits = report["visits"]
    for visit in visits:
        assert visit["status"] == 200, visit
    gets = {v["url"]: v for v in visits if v["method"] == "get"}
    for url, heading in PAGES.items():
        assert gets[url]["heading"] == heading, gets[url]
    posts = [v for v in visits if v["method"] == "post"]

    def posted(ending: str) -> list[dict]:
        return [v for v in posts if v["url"].endswith(ending)]

    [sign_in] = posted("/accounts/sign-in/")
    assert sign_in["final"] == "/my-training/"

    # The quiz: started, every question answered, checked, submitted, passed.
    [quiz_start] = posted("/start/")
    assert "/attempt/" in quiz_start["final"]
    assert quiz_start["heading"].startswith("Question 1 of ")
    count = int(quiz_start["heading"].rsplit(" ", 1)[1])
    answers = [v for v in posts if re.search(r"/attempt/[^/]+/\d+/$", v["url"])]
    assert len(answers) == count > 1
    assert [a["heading"] for a in answers] == [
        *(f"Question {n} of {count}" for n in range(2, count + 1)),
        "Check your answers",
    ]
    [summary] = [v for url, v in gets.items() if url.endswith("/summary/")]
    assert summary["heading"] == "Check your answers"
    assert f"Question {count}" in summary["text"]
    assert "Not answered" not in summary["text"]  # every answer is listed
    assert "Submit answers" in summary["text"]
    [submit] = posted("/submit/")
    assert re.search(r"/attempt/[^/]+/$", submit["final"])
    assert submit["heading"] == "Attempt 1"
    assert "Passed You scored 100%" in submit["text"]

    # The programme complete: the certificate and its PDF.
    my_training = [v for v in visits if v["url"] == "/my-training/"][-1]
    assert "6 of 6 done (100%)" in my_training["text"]
    assert "View your certificate" in my_training["text"]
    [certificate] = [
        v for url, v in gets.items() if re.search(r"/certificates/[^/]+/$", url)
    ]
    assert certificate["heading"] == "Certificate of completion"
    completed = "PC Alex Morgan (DEMO0001) completed Op Crystal core"
    assert completed in certificate["text"]
    [pdf] = [v for url, v in gets.items() if url.endswith("/pdf/")]
    assert pdf["content_type"] == "application/pdf"
    assert pdf["body"] == "%PDF-"
    assert pdf["disposition"].startswith("attachment; filename=")

    # The calendar: asked for, read, given a new address, read again.
    [create] = posted("/calendar/create/")
    assert create["final"] == "/my-training/"
    assert "Your calendar address is ready." in create["text"]
    [revoke] = posted("/calendar/revoke/")
    assert revoke["final"] == "/my-training/"
    assert "Your calendar has a new address." in revoke["text"]
    feeds = [v for v in visits if v["url"].endswith(".ics")]
    assert visits.index(create) < visits.index(feeds[0]) < visits.index(revoke)
    assert len(feeds) == 2 and feeds[0]["url"] != feeds[1]["url"]
    # Each page shows the address the feed was then read from.
    assert feeds[0]["url"] in create["text"]
    assert feeds[1]["url"] in revoke["text"]
    for feed in feeds:
        assert feed["content_type"].startswith("text/calendar")
        assert feed["body"].startswith("BEGIN:VCALENDAR")

    # The player's video statement, posted by the signed-in browser.
    [statement] = posted("/xapi/statements")
    assert statement["content_type"] == "application/json"
    [statement_id] = json.loads(statement["body"])
    assert re.fullmatch(r"[0-9a-f-]{36}", statement_id)

    assert json.loads(gets["/health/"]["body"])["status"] == "ok"
