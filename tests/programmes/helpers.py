"""Helpers for programme tests: the programmes by name, and finishing them."""

from __future__ import annotations

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Programme
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.pipeline import statements_record
from modules.models import VideoModulePage
from modules.services import module_completed_statement

CORE = "Op Crystal core"


ROADS = "Op Crystal: roads policing"


def person(username: str) -> Person:
    return Person.objects.select_related("team").get(user__username=username)


def complete_everything(p: Person, *, modules=None) -> None:
    """Record what the real journey records: module completed, quiz passed."""
    statements = []
    for module in (
        VideoModulePage.objects.filter(slug__in=modules)
        if modules
        else (VideoModulePage.objects.all())
    ):
        statements.append(module_completed_statement(p, module))
        quiz = module.quiz
        statements.append(
            build.quiz_passed(
                staff_number=p.staff_number,
                quiz=quiz.activity_ref(),
                registration=f"00000000-0000-4000-8000-{module.pk:012d}",
                raw=10,
                maximum=10,
                pass_mark=0.8,
            )
        )
    statements_record(statements=statements, keep_existing=True)


def core() -> Programme:
    """The demo's "Op Crystal core" programme."""
    return Programme.objects.get(name=CORE)
