"""The demo programmes: "Op Crystal core", "Op Crystal: roads policing" and the
targeted "Op Crystal: victim care refresher"."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import AudienceRule, Programme, Requirement
from crystal_learning.programmes.services import assignments_sync
from modules.models import VideoModulePage
from quizzes.models import QuizPage

OPERATIONAL = [
    Team.Kind.RESPONSE,
    Team.Kind.NEIGHBOURHOOD,
    Team.Kind.ROADS_POLICING,
    Team.Kind.CONTROL_ROOM,
    Team.Kind.CID_SAFEGUARDING,
]
SUPERVISORS = [Person.Rank.SERGEANT, Person.Rank.INSPECTOR]


def _requirements(
    modules: list[str], *, briefing: bool, quizzes: tuple[str, ...] = ()
) -> list[Requirement]:
    items = []
    for slug in modules:
        module = VideoModulePage.objects.get(slug=slug)
        items.append(Requirement(kind=Requirement.Kind.MODULE, module=module))
        if module.quiz_id:
            items.append(Requirement(kind=Requirement.Kind.QUIZ, quiz=module.quiz))
    for slug in quizzes:  # quizzes of their own, not behind a video
        quiz = QuizPage.objects.filter(slug=slug).first()
        if quiz is not None:
            items.append(Requirement(kind=Requirement.Kind.QUIZ, quiz=quiz))
    if briefing:
        items.append(
            Requirement(
                kind=Requirement.Kind.BRIEFING,
                title="Op Crystal supervisor briefing",
                ranks=SUPERVISORS,
            )
        )
    for order, item in enumerate(items):
        item.sort_order = order  # as the admin's ordering does: My training's order
    return items


@transaction.atomic
def demo_programmes_build(*, start: date | None = None) -> dict[str, int]:
    """Create the programmes if missing and assign their audiences."""
    start = start or timezone.localdate()
    specs = [
        (
            "Op Crystal core",
            "The three videos and their quizzes for every operational officer "
            "and member of staff; sergeants and inspectors also attend the "
            "supervisor briefing.",
            ["why-op-crystal", "victim-care-log", "closing-a-crime"],
            True,
            [AudienceRule(team_kinds=OPERATIONAL)],
        ),
        (
            "Op Crystal: roads policing",
            "For roads policing teams, beyond the core: closing a crime, and the "
            "roads quiz on victims and witnesses of road traffic collisions, the "
            "roads policing booklet, and collisions with no crime and no family "
            "liaison officer (support is offered all the same).",
            ["closing-a-crime"],
            False,
            [AudienceRule(team_kinds=[Team.Kind.ROADS_POLICING])],
        ),
        (
            # No audience rule: the targeted refresher rule names people into it
            # (victim_care/refreshers.py; CRYSTAL_REFRESHER_PROGRAMME).
            "Op Crystal: victim care refresher",
            "For officers whose victim care logs fell below the standard, or whose "
            "dip samples found the same record box wrong twice: the victim care "
            "log video and its quiz again.",
            ["victim-care-log"],
            False,
            [],
        ),
    ]
    extra_quizzes = {"Op Crystal: roads policing": ("quiz-roads-policing",)}
    for name, description, modules, briefing, rules in specs:
        if Programme.objects.filter(name=name).exists():
            continue
        programme = Programme(
            name=name,
            description=description,
            start_date=start,
            due_mode=Programme.DueMode.RELATIVE,
            due_within_weeks=8,
        )
        programme.requirements = _requirements(
            modules, briefing=briefing, quizzes=extra_quizzes.get(name, ())
        )
        programme.audience_rules = rules
        programme.save()
    report = assignments_sync()
    return {"assigned": len(report.assigned)}
