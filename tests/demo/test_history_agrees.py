"""The demo history leaves the records a real learner leaves, so every screen
agrees with the learning record (issue 18.2)."""

from __future__ import annotations

import re

from crystal_learning.demo.history import demo_history_build
from crystal_learning.xapi.activities import ActivityKind
from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.vocabulary import Verb
from modules.models import VideoModulePage, VideoWatch
from quizzes.models import QuizAttempt, QuizPage


def _done(kind: ActivityKind, pages) -> set[tuple[int, int]]:
    by_iri = {page.activity_id: page.pk for page in pages}
    return {
        (person, by_iri[iri])
        for person, iri in Progress.objects.done(kind)
        .filter(activity_id__in=by_iri)
        .values_list("person_id", "activity_id")
    }


def test_viewings_and_attempts_match_the_record(demo_site):
    demo_history_build(seed=7)
    modules = list(VideoModulePage.objects.live())
    quizzes = list(QuizPage.objects.live())

    watched = set(
        VideoWatch.objects.filter(completed_at__isnull=False).values_list(
            "person_id", "page_id"
        )
    )
    assert watched and watched == _done(ActivityKind.MODULE, modules)
    passed = set(
        QuizAttempt.objects.filter(status=QuizAttempt.Status.PASSED).values_list(
            "person_id", "quiz_id"
        )
    )
    assert passed and passed == _done(ActivityKind.QUIZ, quizzes)

    # Each attempt lists its answers, and the record states the score they mark.
    attempt = QuizAttempt.objects.filter(status=QuizAttempt.Status.PASSED).first()
    assert attempt.answers.count() == len(attempt.answers.all()) > 0
    assert attempt.raw_score == sum(a.score for a in attempt.answers.all())
    statement = Statement.objects.get(
        verb_id=Verb.PASSED, registration=attempt.registration
    )
    assert statement.payload["result"]["score"]["raw"] == attempt.raw_score


def _statuses(html: str, testid: str) -> dict[str, str]:
    block = html.split(f'data-testid="{testid}"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(
        r'<a class="govuk-link govuk-task-list__link" href="[^"]*"[^>]*>([^<]+)</a>'
        r".*?<strong[^>]*>([^<]+)</strong>",
        block,
        flags=re.S,
    )
    return {title.strip(): status.strip() for title, status in items}


def test_my_training_says_the_same_as_the_module_and_quiz_pages(demo_site, client):
    demo_history_build(seed=7)
    module = VideoModulePage.objects.live().select_related("quiz").first()
    attempt = QuizAttempt.objects.filter(
        quiz=module.quiz, status=QuizAttempt.Status.PASSED
    ).first()
    person_id = attempt.person_id
    assert (person_id, module.pk) in _done(ActivityKind.MODULE, [module])
    from crystal_learning.people.models import Person

    client.force_login(Person.objects.get(pk=person_id).user)
    my_training = client.get("/my-training/").text
    assert _statuses(my_training, "my-modules")[module.title] == "Completed"
    assert "You have completed this module." in client.get(module.url).text
    quiz_page = client.get(module.quiz.url).text
    assert 'data-testid="quiz-locked"' not in quiz_page
    assert f"{attempt.percent}%" in quiz_page
