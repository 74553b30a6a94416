"""Run under tests.host_site.settings: migrate, seed the demo, sign in as the
demo officer and visit every learner page: a quiz answered, checked and
submitted, the certificate and its PDF once the programme is complete, the
calendar feed, and a video statement posted from the browser.
Prints JSON: the CRYSTAL_* settings Django sees, and per request its status,
final URL, heading and visible text (or body). An exception in a view ends the
script with its traceback (the test client re-raises it)."""

from __future__ import annotations

import html as html_lib
import json
import re
import sys

import django


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return _text(match.group(1)) if match else ""


def visible_text(html: str) -> str:
    """The page's text as a reader sees it (no scripts, styles or tags)."""
    return _text(re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))


def main() -> None:
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from crystal_learning import conf
    from crystal_learning.people.models import Person
    from crystal_learning.programmes.models import Certificate
    from crystal_learning.scheduling.models import CalendarFeed
    from crystal_learning.xapi.pipeline import statements_record
    from crystal_learning.xapi.vocabulary import Verb, VideoExtension
    from modules.models import VideoModulePage
    from modules.services import module_completed_statement
    from quizzes.models import QuizAttempt, QuizPage
    from tests.programmes.helpers import complete_everything
    from tests.quizzes.helpers import right_answer

    call_command("migrate", verbosity=0)
    call_command("crystal_demo", people=60, stdout=sys.stderr)

    visits: list[dict] = []
    client = Client()

    def visit(url: str, *, method: str = "get", **data) -> None:
        response = getattr(client, method)(url, data, follow=True)
        record(url, method, response)

    def record(url: str, method: str, response) -> None:
        content_type = response["Content-Type"]
        is_html = "html" in content_type
        if content_type == "application/pdf":
            body = response.content[:5].decode("ascii", errors="replace")
        else:
            body = "" if is_html else response.content.decode(errors="replace")
        page = response.content.decode(errors="replace") if is_html else ""
        visits.append(
            {
                "url": url,
                "method": method,
                "status": response.status_code,
                "final": response.redirect_chain[-1][0]
                if getattr(response, "redirect_chain", None)
                else url,
                "content_type": content_type,
                "disposition": response.get("Content-Disposition", ""),
                "heading": heading(page),
                "text": visible_text(page),
                "body": body,
            }
        )

    visit("/accounts/sign-in/")
    visit(
        "/accounts/sign-in/",
        method="post",
        username="officer",
        password="crystal-demo",  # noqa: S106 - the demo's published password
    )
    quiz = QuizPage.objects.live().get(slug="quiz-why-op-crystal")
    for url in [
        "/",
        "/op-crystal/",
        "/op-crystal/why-op-crystal/",
        "/op-crystal/guide/",
        "/victim-care/",
        "/victim-care/victim-of-crime-leaflet/",
        quiz.url,
        "/my-training/",
    ]:
        visit(url)
    # The quiz opens once its module is done, as the learning record says.
    officer = Person.objects.get(user__username="officer")
    module = VideoModulePage.objects.get(slug="why-op-crystal")
    statements_record(
        statements=[module_completed_statement(officer, module)], keep_existing=True
    )
    visit(f"{quiz.url}start/", method="post")
    # Answer every question rightly, check the answers, submit, see the result.
    attempt = QuizAttempt.objects.get(person=officer, quiz=quiz)
    attempt_url = f"{quiz.url}attempt/{attempt.registration}/"
    for answer in attempt.answers.order_by("position"):
        visit(
            f"{attempt_url}{answer.position}/",
            method="post",
            **right_answer(answer.question),
        )
    visit(f"{attempt_url}summary/")
    visit(f"{attempt_url}submit/", method="post")
    # The rest of the programme, recorded as the real journey records it; then
    # the certificate and its PDF.
    complete_everything(officer)
    certificate = Certificate.objects.get(person=officer)
    visit("/my-training/")
    visit(f"/my-training/certificates/{certificate.uuid}/")
    visit(f"/my-training/certificates/{certificate.uuid}/pdf/")
    # The private calendar: asked for, read, given a new address, read again.
    visit("/calendar/create/", method="post")
    feed = CalendarFeed.objects.get(person__user__username="officer")
    visit(f"/calendar/{feed.token}.ics")
    visit("/calendar/revoke/", method="post")
    feed = CalendarFeed.objects.get(person__user__username="officer")
    visit(f"/calendar/{feed.token}.ics")
    # The player's statement, as the browser posts it on the module page.
    watched = VideoModulePage.objects.get(slug="victim-care-log")
    visit(watched.url)
    statement = {
        "actor": {
            "objectType": "Agent",
            "account": {
                "homePage": conf.xapi_homepage(),
                "name": officer.staff_number,
            },
        },
        "verb": {"id": Verb.INITIALIZED},
        "object": {"objectType": "Activity", "id": watched.activity_id},
        "context": {"extensions": {VideoExtension.SESSION_ID: "host-site-1"}},
    }
    response = client.post(
        "/xapi/statements",
        data=json.dumps([statement]),
        content_type="application/json",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    record("/xapi/statements", "post", response)
    visit("/health/")
    from django.conf import settings

    crystal_settings = [name for name in dir(settings) if name.startswith("CRYSTAL_")]
    print(json.dumps({"crystal_settings": crystal_settings, "visits": visits}))


if __name__ == "__main__":
    main()
