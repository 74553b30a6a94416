"""Quiz attempts as a learner and a supervisor meet them, on the demo quizzes."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.vocabulary import Verb
from modules.models import VideoModulePage
from quizzes.models import AttemptAnswer, QuizAttempt, QuizPage
from quizzes.tasks import expire_overdue_attempts
from tests.helpers import sign_in
from tests.people.factories import PersonFactory, UserFactory, make_team
from tests.quizzes.helpers import (
    answer_all,
    complete_module,
    officer,
    right_answer,
    start,
    wrong_answer,
)


@pytest.fixture
def quiz2(question_banks):
    return QuizPage.objects.get(slug="quiz-victim-care-log")


def test_the_quiz_is_locked_until_the_video_is_watched(client, quiz2):
    sign_in(client, "officer")
    module = VideoModulePage.objects.get(quiz=quiz2)
    assert 'data-testid="quiz-locked"' in client.get(module.url).text
    page = client.get(quiz2.url).text
    assert "This quiz opens when you have watched" in page
    response = client.post(quiz2.url + "start/", follow=True)
    assert "This quiz opens when you have watched" in response.text
    assert not QuizAttempt.objects.exists()

    complete_module(officer(), quiz2)
    assert 'data-testid="quiz-open"' in client.get(module.url).text
    start(client, quiz2)
    assert QuizAttempt.objects.filter(person=officer(), quiz=quiz2).count() == 1


def test_a_learner_passes_and_the_record_says_so(client, quiz2):
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start(client, quiz2)
    attempt = QuizAttempt.objects.get()
    bank = len(quiz2.questions)
    assert bank >= 10
    assert attempt.answers.count() == bank  # the whole bank, fixed at the start
    answer_all(client, quiz2, attempt)
    result = client.post(f"{quiz2.url}attempt/{attempt.registration}/submit/")
    page = client.get(result["Location"]).text
    assert "Passed" in page and "You scored 100%" in page
    assert "Right answer" in page  # feedback after the attempt

    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.PASSED
    assert attempt.raw_score == attempt.max_score
    staff = officer().staff_number
    module = VideoModulePage.objects.get(quiz=quiz2)
    mine = Statement.objects.filter(actor_key__contains=staff).exclude(
        activity_id=module.activity_id  # the module's completion, before the quiz
    )
    verbs = list(mine.values_list("verb_id", flat=True))
    assert verbs.count(Verb.ATTEMPTED) == 1
    assert verbs.count(Verb.ANSWERED) == bank
    assert verbs.count(Verb.PASSED) == 1
    assert verbs.count(Verb.COMPLETED) == 1
    answered = [
        s.payload for s in mine.filter(verb_id=Verb.ANSWERED).order_by("stored")
    ]
    kinds = {s["object"]["definition"]["interactionType"] for s in answered}
    assert kinds == {"choice", "true-false", "matching"}
    assert all(s["result"]["success"] for s in answered)
    assert all(
        s["context"]["registration"] == str(attempt.registration) for s in answered
    )
    passed = mine.get(verb_id=Verb.PASSED).payload
    assert passed["result"]["score"]["scaled"] == 1.0
    progress = Progress.objects.get(person=officer(), activity_id=quiz2.activity_id)
    assert progress.status == Progress.Status.PASSED


def test_no_page_shows_the_answers_before_submission(client, quiz2):
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start(client, quiz2)
    attempt = QuizAttempt.objects.get()
    pages = answer_all(client, quiz2, attempt, answer=wrong_answer)
    secrets = set()
    for item in attempt.answers.all():
        q = item.question
        secrets |= {o["feedback"] for o in q.get("options", []) if o["feedback"]}
        secrets |= {b["guidance"] for b in q.get("boxes", []) if b["guidance"]}
        if q["explanation"]:
            secrets.add(re.sub("<[^>]+>", "", q["explanation"]))
    assert secrets
    for html in pages:
        for secret in secrets:
            assert secret not in html
        assert "correct" not in html.lower()
        assert "Right answer" not in html
    # The result page (after submitting) does explain.
    client.post(f"{quiz2.url}attempt/{attempt.registration}/submit/")
    result = client.get(f"{quiz2.url}attempt/{attempt.registration}/").text
    assert any(secret in result for secret in secrets)


def test_submitting_twice_or_resubmitting_an_answer_changes_nothing(client, quiz2):
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start(client, quiz2)
    attempt = QuizAttempt.objects.get()
    answer_all(client, quiz2, attempt, answer=wrong_answer)
    submit = f"{quiz2.url}attempt/{attempt.registration}/submit/"
    client.post(submit)
    first = QuizAttempt.objects.get()
    statements = Statement.objects.count()
    client.post(submit)
    assert QuizAttempt.objects.get().submitted_at == first.submitted_at
    assert Statement.objects.count() == statements

    item = attempt.answers.get(position=1)
    back = client.post(
        f"{quiz2.url}attempt/{attempt.registration}/1/",
        right_answer(item.question),
        follow=True,
    )
    assert "can no longer change" in back.text
    item.refresh_from_db()
    assert item.response == wrong_answer_response(item)
    assert QuizAttempt.objects.get().status == QuizAttempt.Status.FAILED


def wrong_answer_response(item: AttemptAnswer) -> dict:
    from quizzes.marking import response_from_form

    class Data(dict):
        def getlist(self, key):
            value = self.get(key, [])
            return value if isinstance(value, list) else [value]

    return response_from_form(item.question, Data(wrong_answer(item.question)))


def test_a_no_without_a_rationale_is_refused_and_nothing_is_saved(client, quiz2):
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start(client, quiz2)
    attempt = QuizAttempt.objects.get()
    item = next(a for a in attempt.answers.all() if a.question["type"] == "scenario")
    url = f"{quiz2.url}attempt/{attempt.registration}/{item.position}/"
    data = right_answer(item.question)
    data["vps-answer"] = "no"
    data["vps-rationale"] = ""
    # A leaflet given needs its format (whatever this scenario expects: the
    # domestic abuse one withholds it for her safety, so no format is asked).
    data["leaflet-answer"] = "yes"
    data["leaflet-format"] = ""
    response = client.post(url, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "a &#x27;no&#x27; needs a written rationale" in text
    assert "say in which format it was given" in text
    assert 'value="no" checked' in text  # what they typed is kept on the page
    item.refresh_from_db()
    assert item.response == {}


def test_another_persons_attempt_is_not_found(client, quiz2):
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start(client, quiz2)
    attempt = QuizAttempt.objects.get()
    client.logout()
    sign_in(client, "sergeant")
    base = f"{quiz2.url}attempt/{attempt.registration}/"
    assert client.get(base + "1/").status_code == 404
    assert client.post(base + "submit/").status_code == 404
    assert client.get(base).status_code == 404
    assert QuizAttempt.objects.get().is_open


def test_attempts_run_out(client, question_banks):
    quiz = QuizPage.objects.get(slug="quiz-closing-a-crime")
    assert quiz.attempts_allowed == 3
    complete_module(officer(), quiz)
    sign_in(client, "officer")
    for _ in range(3):
        start(client, quiz)
        attempt = QuizAttempt.objects.get(status=QuizAttempt.Status.IN_PROGRESS)
        client.post(f"{quiz.url}attempt/{attempt.registration}/submit/")
    response = client.post(quiz.url + "start/", follow=True)
    assert "You have used all 3 attempts at this quiz." in response.text
    assert QuizAttempt.objects.count() == 3


def test_each_attempt_draws_its_own_questions(client, question_banks):
    quiz = QuizPage.objects.get(slug="quiz-why-op-crystal")
    complete_module(officer(), quiz)
    sign_in(client, "officer")
    drawn = []
    for _ in range(4):
        start(client, quiz)
        attempt = QuizAttempt.objects.get(status=QuizAttempt.Status.IN_PROGRESS)
        ids = list(
            attempt.answers.order_by("position").values_list("question_id", flat=True)
        )
        assert len(ids) == len(set(ids)) == 8
        drawn.append(tuple(ids))
        client.post(f"{quiz.url}attempt/{attempt.registration}/submit/")
    assert len(set(drawn)) > 1


def test_time_running_out_submits_the_attempt(client, quiz2):
    quiz2.time_limit_minutes = 10
    quiz2.save_revision().publish()
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start_time = timezone.now()
    with freeze_time(start_time):
        start(client, quiz2)
    attempt = QuizAttempt.objects.get()
    assert (
        "About 10 minutes left"
        in client.get(f"{quiz2.url}attempt/{attempt.registration}/1/").text
    )
    with freeze_time(start_time + timedelta(minutes=11)):
        item = attempt.answers.get(position=1)
        response = client.post(
            f"{quiz2.url}attempt/{attempt.registration}/1/",
            right_answer(item.question),
            follow=True,
        )
    assert "Time ran out, so your attempt was submitted." in response.text
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.FAILED


@pytest.fixture
def timed_out(client, quiz2):
    """An officer's attempt at a 10-minute quiz, 11 minutes after it started."""
    quiz2.time_limit_minutes = 10
    quiz2.save_revision().publish()
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start_time = timezone.now()
    with freeze_time(start_time):
        start(client, quiz2)
    with freeze_time(start_time + timedelta(minutes=11)):
        yield QuizAttempt.objects.get()


def _stored(attempt: QuizAttempt) -> tuple:
    """Everything the database holds about an attempt."""
    return (
        QuizAttempt.objects.filter(pk=attempt.pk).values().get(),
        list(attempt.answers.order_by("position").values()),
        Statement.objects.filter(registration=attempt.registration).count(),
    )


def test_opening_a_question_after_the_time_is_up_writes_nothing(
    client, quiz2, timed_out
):
    before = _stored(timed_out)
    base = f"{quiz2.url}attempt/{timed_out.registration}/"
    with CaptureQueriesContext(connection) as queries:
        question = client.get(base + "2/")
        summary = client.get(base + "summary/")
        result = client.get(base, follow=True)
    assert question.status_code == summary.status_code == 200
    for page in (question, summary, result):
        assert "Time is up" in page.text
        assert "answers can no longer change" in page.text
        assert f'action="{base}submit/"' in page.text
    assert 'name="go"' not in question.text  # no answer form
    assert _stored(timed_out) == before
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    submitted = client.post(base + "submit/", follow=True)
    assert "Not passed" in submitted.text
    timed_out.refresh_from_db()
    assert timed_out.status == QuizAttempt.Status.FAILED


def test_the_expiry_job_submits_a_timed_out_attempt_once(quiz2, timed_out):
    assert expire_overdue_attempts() == {"expired": 1}
    assert expire_overdue_attempts() == {"expired": 0}
    timed_out.refresh_from_db()
    assert timed_out.status == QuizAttempt.Status.FAILED
    assert timed_out.submitted_at == timezone.now()
    verbs = list(
        Statement.objects.filter(registration=timed_out.registration).values_list(
            "verb_id", flat=True
        )
    )
    assert verbs.count(Verb.FAILED) == 1
    assert verbs.count(Verb.COMPLETED) == 1
    assert verbs.count(Verb.ANSWERED) == timed_out.answers.count()


def test_the_expiry_job_leaves_attempts_with_time_left(client, quiz2):
    quiz2.time_limit_minutes = 10
    quiz2.save_revision().publish()
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start_time = timezone.now()
    with freeze_time(start_time):
        start(client, quiz2)
    with freeze_time(start_time + timedelta(minutes=9, seconds=59)):
        assert expire_overdue_attempts() == {"expired": 0}
    assert QuizAttempt.objects.get().status == QuizAttempt.Status.IN_PROGRESS
    assert not Statement.objects.filter(verb_id=Verb.FAILED).exists()


def test_feedback_only_once_passed_hides_answers_after_a_fail(client, quiz2):
    quiz2.feedback_mode = QuizPage.Feedback.ONCE_PASSED
    quiz2.save_revision().publish()
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start(client, quiz2)
    attempt = QuizAttempt.objects.get()
    client.post(f"{quiz2.url}attempt/{attempt.registration}/submit/")
    page = client.get(f"{quiz2.url}attempt/{attempt.registration}/").text
    assert "The answers are shown once you have passed this quiz." in page
    assert "Right answer" not in page


def test_a_flagged_rationale_waits_for_the_supervisor(client, question_banks):
    quiz = QuizPage.objects.get(slug="quiz-closing-a-crime")
    me = officer()
    complete_module(me, quiz)
    sign_in(client, "officer")
    start(client, quiz)
    attempt = QuizAttempt.objects.get()

    def answer(question):
        data = right_answer(question)
        if question["type"] == "scenario" and question["boxes"][4]["rule"] == "review":
            data["vps-answer"] = "no"
            data["vps-rationale"] = "Offered; Mr Okafor declined to make one today."
        return data

    answer_all(client, quiz, attempt, answer=answer)
    client.post(f"{quiz.url}attempt/{attempt.registration}/submit/")
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.PENDING_REVIEW
    assert (
        "waiting for a supervisor"
        in client.get(f"{quiz.url}attempt/{attempt.registration}/").text
    )
    assert not Statement.objects.filter(verb_id=Verb.PASSED).exists()
    client.logout()

    # A supervisor of another team sees nothing and cannot decide.
    other_team = make_team(name="Elsewhere")
    stranger = PersonFactory(
        team=other_team,
        supervises=[other_team],
        user=UserFactory(username="stranger", roles=["Supervisor"]),
    )
    stranger.user.set_password("crystal-demo")
    stranger.user.save()
    sign_in(client, "stranger")
    assert "Nothing is waiting for review." in client.get("/quizzes/reviews/").text
    flagged = AttemptAnswer.objects.get(attempt=attempt, correct__isnull=True)
    assert (
        client.post(
            f"/quizzes/reviews/{flagged.pk}/", {"box": "vps", "decision": "accept"}
        ).status_code
        == 404
    )
    client.logout()

    # An officer may not review at all.
    sign_in(client, "officer")
    assert client.get("/quizzes/reviews/").status_code == 403
    client.logout()

    sign_in(client, "sergeant")  # supervises the officer's team
    page = client.get("/quizzes/reviews/").text
    assert "Mr Okafor declined to make one today." in page
    client.post(f"/quizzes/reviews/{flagged.pk}/", {"box": "vps", "decision": "accept"})
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.PASSED
    assert Statement.objects.filter(
        verb_id=Verb.PASSED, actor_key__contains=me.staff_number
    ).exists()
    assert "Nothing is waiting for review." in client.get("/quizzes/reviews/").text


def test_start_and_submit_need_post(client, quiz2):
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    assert client.get(quiz2.url + "start/").status_code == 405
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize(
    ("username", "links"),
    [
        ("officer", ["My training", "Learning"]),
        ("sergeant", ["My training", "Learning", "My teams", "Reviews"]),
        ("manager", ["My training", "Learning", "Coverage", "Reviews", "Admin"]),
        ("editor", ["My training", "Learning", "Admin"]),
    ],
)
def test_the_header_offers_reviews_to_supervisors_and_managers(
    client, question_banks, username, links
):
    sign_in(client, username)
    html = client.get("/my-training/").text
    nav = html[html.index('class="crystal-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert re.findall(r'no-visited-state" href="[^"]+"[^>]*>([^<]+)</a>', nav) == links


def test_check_your_answers_shows_each_question_and_answer(client, quiz2):
    """Not "Question n - Answered": the question and what was chosen or written
    (issue 18.9), and still nothing about what is right."""
    complete_module(officer(), quiz2)
    sign_in(client, "officer")
    start(client, quiz2)
    attempt = QuizAttempt.objects.get()
    items = list(attempt.answers.order_by("position"))
    first = next(i for i in items if i.question["type"] != "scenario")
    scenario = next(i for i in items if i.question["type"] == "scenario")
    base = f"{quiz2.url}attempt/{attempt.registration}/"
    client.post(f"{base}{first.position}/", wrong_answer(first.question))
    client.post(f"{base}{scenario.position}/", right_answer(scenario.question))
    page = unescape(client.get(base + "summary/").text)
    prompt_words = re.sub("<[^>]+>", " ", first.question["prompt"]).split()[:6]
    assert " ".join(prompt_words) in " ".join(page.split())
    chosen = wrong_answer(first.question)
    if "choice" in chosen:
        text = next(
            o["text"] for o in first.question["options"] if o["id"] == chosen["choice"]
        )
        assert text in page
    box = scenario.question["boxes"][0]
    assert f"{box['label']}: {box['expected'].capitalize()}" in page
    assert "Reason: The investigation is ongoing" in page
    assert page.count("Not answered") == len(items) - 2
    assert "Right answer" not in page and "correct" not in page.lower()
