"""Builders for programmes: "Op Crystal core" as the demo sets it up, made small."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import AudienceRule, Programme, Requirement
from crystal_learning.programmes.services import assignments_sync
from modules.models import VideoModulePage
from tests.modules.factories import make_video, tile_page, video_module
from tests.programmes.helpers import CORE
from tests.quizzes.factories import quiz_page

OPERATIONAL = [
    Team.Kind.RESPONSE,
    Team.Kind.NEIGHBOURHOOD,
    Team.Kind.ROADS_POLICING,
    Team.Kind.CONTROL_ROOM,
    Team.Kind.CID_SAFEGUARDING,
]


def core_programme(
    *, modules: list[VideoModulePage] = (), start: date | None = None
) -> Programme:
    """Each module and its quiz, and the supervisor briefing for sergeants and
    inspectors; every operational team; due 8 weeks after assignment. Assigns."""
    requirements = []
    for module in modules:
        requirements.append(Requirement(kind=Requirement.Kind.MODULE, module=module))
        if module.quiz_id:
            requirements.append(
                Requirement(kind=Requirement.Kind.QUIZ, quiz=module.quiz)
            )
    requirements.append(
        Requirement(
            kind=Requirement.Kind.BRIEFING,
            title="Op Crystal supervisor briefing",
            ranks=[Person.Rank.SERGEANT, Person.Rank.INSPECTOR],
        )
    )
    programme = Programme(
        name=CORE,
        start_date=start or timezone.localdate(),
        due_mode=Programme.DueMode.RELATIVE,
        due_within_weeks=8,
    )
    for number, requirement in enumerate(requirements):
        requirement.sort_order = number  # as the admin's form sets it
    programme.requirements = requirements
    programme.audience_rules = [AudienceRule(team_kinds=OPERATIONAL)]
    programme.save()
    assignments_sync()
    return programme


#: The demo's three videos and quizzes: (tile, slug, title, quiz title, length in s).
VIDEOS = [
    (
        "op-crystal",
        "why-op-crystal",
        "1. Why Op Crystal exists",
        "Quiz 1: Why Op Crystal exists",
        74.085,
    ),
    (
        "op-crystal",
        "victim-care-log",
        "2. The victim care log and its record boxes",
        "Quiz 2: The victim care log",
        72.817,
    ),
    (
        "victim-care",
        "closing-a-crime",
        "3. Closing a crime",
        "Quiz 3: Closing a crime",
        63.576,
    ),
]


def core_content() -> list[VideoModulePage]:
    """The demo's page tree, made small: the "Op Crystal" and "Victim care"
    tiles, the three video modules and a short quiz for each."""
    tiles = {
        "op-crystal": tile_page(slug="op-crystal", title="Op Crystal"),
        "victim-care": tile_page(slug="victim-care", title="Victim care"),
    }
    modules = []
    for tile, slug, title, quiz_title, length in VIDEOS:
        module = video_module(
            tile=tiles[tile], slug=slug, title=title, video=make_video(duration=length)
        )
        quiz_page(
            tile=tiles[tile], slug=f"quiz-{slug}", title=quiz_title, module=module
        )
        modules.append(module)
    return modules
