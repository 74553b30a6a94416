"""Helpers for programme tests: the programmes by name, and finishing them."""

from __future__ import annotations

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Programme
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.pipeline import statements_record
from modules.models import VideoModulePage
from modules.services import module_completed_statement
from quizzes.models import QuizPage

CORE = "Op Crystal core"


ROADS = "Op Crystal: roads policing"


def person(username: str) -> Person:
    return Person.objects.select_related("team").get(user__username=username)


def _quiz_passed(p: Person, quiz, registration: str) -> dict:
    return build.quiz_passed(
        staff_number=p.staff_number,
        quiz=quiz.activity_ref(),
        registration=registration,
        raw=10,
        maximum=10,
        pass_mark=0.8,
    )


def complete_everything(p: Person, *, modules=None, quizzes=()) -> None:
    """Record what the real journey records: module completed, quiz passed;
    and each quiz of its own named by slug in ``quizzes`` passed."""
    statements = []
    for module in (
        VideoModulePage.objects.filter(slug__in=modules)
        if modules
        else (VideoModulePage.objects.all())
    ):
        statements.append(module_completed_statement(p, module))
        registration = f"00000000-0000-4000-8000-{module.pk:012d}"
        statements.append(_quiz_passed(p, module.quiz, registration))
    for quiz in QuizPage.objects.filter(slug__in=quizzes):
        registration = f"00000000-0000-4000-9000-{quiz.pk:012d}"
        statements.append(_quiz_passed(p, quiz, registration))
    statements_record(statements=statements, keep_existing=True)


def core() -> Programme:
    """The demo's "Op Crystal core" programme."""
    return Programme.objects.get(name=CORE)
