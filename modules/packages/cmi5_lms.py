"""What the LMS records for cmi5 AUs (sections 9.3.1, 9.3.6, 9.3.7, 9.3.9, 9.6):
"launched", "abandoned", "waived" and the course's "satisfied", and the moveOn
evaluation that turns a satisfied course into our own record
(`package_outcome_record`: completed, and passed with the best score).

A registration is one person's enrolment in one content version of a package
page (services.launch_registration); every AU launch in it shares it. An AU's
moveOn is met on the registration's launches of that AU (completed, passed) or
a waiver. cmi5 defines "satisfied" only for blocks and the course (9.3.9), so an
AU's own moveOn being met is kept on its launch (`satisfied_at`), and the
course's "satisfied" statement is recorded once per registration. The course
structure is read flat (blocks are not kept by the manifest reader), so no
block statements are made.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.xapi.activities import package_course_iri, package_unit_iri
from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.statements import milestone_id
from crystal_learning.xapi.statements.base import LANGUAGE

from .cmi5_rules import (
    CATEGORY_CMI5,
    CATEGORY_MOVE_ON,
    EXT_LAUNCH_MODE,
    EXT_LAUNCH_PARAMETERS,
    EXT_LAUNCH_URL,
    EXT_MASTERY_SCORE,
    EXT_MOVE_ON,
    EXT_SESSION_ID,
    NOT_APPLICABLE,
    RESULT_REASON,
    TYPE_COURSE,
    WAIVE_REASONS,
    Cmi5Verb,
    move_on_met,
)
from .manifests import Unit
from .models import PackageLaunch, PackageModulePage
from .services import (
    launch_registration,
    package_outcome_record,
    secret_hash,
    unit_find,
)

WAIVED_KEY = "cmi5_waived"


class WaiveRefused(ValueError):
    """The AU cannot be waived (unknown reason, already waived)."""


def context_template(launch: PackageLaunch, unit: Unit) -> dict:
    """LMS.LaunchData's contextTemplate: the session id and the publisher id."""
    return {
        "contextActivities": {"grouping": [{"id": unit.id}]},
        "extensions": {EXT_SESSION_ID: str(launch.session_id)},
    }


def _au_object(launch: PackageLaunch, unit: Unit) -> dict:
    return {
        "objectType": "Activity",
        "id": package_unit_iri(launch.page.translation_key, unit.id),
        "definition": {"name": {LANGUAGE: unit.title or unit.id}},
    }


def _statement(
    launch: PackageLaunch,
    verb: str,
    *,
    target: dict,
    publisher_id: str,
    extensions: dict | None = None,
    result: dict | None = None,
    statement_id: str | None = None,
) -> dict:
    """A cmi5 defined statement the LMS makes (9.6: registration, session id,
    cmi5 category, publisher id grouping; moveOn category with a result)."""
    categories = [{"id": CATEGORY_CMI5}]
    if result and ("success" in result or "completion" in result):
        categories.append({"id": CATEGORY_MOVE_ON})
    statement = {
        "id": statement_id or str(uuid.uuid4()),
        "actor": person_agent(launch.person.staff_number),
        "verb": {"id": verb, "display": {LANGUAGE: Cmi5Verb.DISPLAY[verb]}},
        "object": target,
        "context": {
            "registration": str(launch.registration),
            "contextActivities": {
                "category": categories,
                "grouping": [{"id": publisher_id}],
            },
            "extensions": {
                EXT_SESSION_ID: str(launch.session_id),
                **(extensions or {}),
            },
        },
        "timestamp": timezone.now().isoformat(),
    }
    if result:
        statement["result"] = result
    return statement


def launched_record(launch: PackageLaunch, unit: Unit, *, launch_url: str) -> None:
    """9.3.1: before the AU runs, with its launch mode, URL and moveOn."""
    extensions = {
        EXT_LAUNCH_MODE: launch.mode,
        EXT_LAUNCH_URL: launch_url,
        EXT_MOVE_ON: unit.move_on or NOT_APPLICABLE,
    }
    if unit.parameters:
        extensions[EXT_LAUNCH_PARAMETERS] = unit.parameters
    if unit.mastery_score is not None:
        extensions[EXT_MASTERY_SCORE] = unit.mastery_score
    statements_record(
        statements=[
            _statement(
                launch,
                Cmi5Verb.LAUNCHED,
                target=_au_object(launch, unit),
                publisher_id=unit.id,
                extensions=extensions,
            )
        ]
    )


def _duration(seconds: float) -> str:
    return f"PT{max(seconds, 0.0):.2f}S"


def sessions_abandon(launch: PackageLaunch) -> int:
    """9.3.6: the registration's other sessions that never terminated are
    abandoned (a new launch shows the learner left them); their tokens stop
    working. The duration runs from launch to the AU's last statement."""
    now = timezone.now()
    others = (
        PackageLaunch.objects.select_for_update()
        .filter(
            page_id=launch.page_id,
            person_id=launch.person_id,
            registration=launch.registration,
            kind="cmi5",
            terminated_at__isnull=True,
            abandoned_at__isnull=True,
        )
        .exclude(pk=launch.pk)
    )
    statements = []
    for other in others:
        try:
            unit = unit_find(launch.page, other.unit_id)
        except ValueError:
            unit = Unit(id=other.unit_id, title=other.unit_id, url="")
        last = other.cmi.get("last_statement_at") or other.created_at.isoformat()
        seconds = (datetime.fromisoformat(last) - other.created_at).total_seconds()
        statements.append(
            _statement(
                other,
                Cmi5Verb.ABANDONED,
                target=_au_object(other, unit),
                publisher_id=unit.id,
                result={"duration": _duration(seconds)},
            )
        )
        PackageLaunch.objects.filter(pk=other.pk).update(abandoned_at=now)
    if statements:
        statements_record(statements=statements)
    return len(statements)


def _registration_units(launch: PackageLaunch) -> dict[str, dict]:
    """Per AU id: completed, passed, waived and the best passing score."""
    units: dict[str, dict] = {}
    rows = PackageLaunch.objects.filter(
        page_id=launch.page_id,
        person_id=launch.person_id,
        registration=launch.registration,
    ).only("unit_id", "completed_at", "passed_at", "score_scaled", "cmi")
    for row in rows:
        unit = units.setdefault(
            row.unit_id,
            {"completed": False, "passed": False, "waived": False, "scores": []},
        )
        unit["completed"] |= row.completed_at is not None
        unit["passed"] |= row.passed_at is not None
        unit["waived"] |= WAIVED_KEY in (row.cmi or {})
        if row.passed_at is not None and row.score_scaled is not None:
            unit["scores"].append(row.score_scaled)
    return units


def move_on_evaluate(launch: PackageLaunch) -> bool:
    """After an AU's completed or passed (or a waiver, or a launch): note the
    AU's moveOn on the launch, and when every AU's is met, record the course's
    "satisfied" (once per registration) and the package outcome. True when the
    course is satisfied."""
    structure = launch.page.package_structure
    if structure is None or not structure.units:
        return False
    facts = _registration_units(launch)
    empty = {"completed": False, "passed": False, "waived": False, "scores": []}

    def met(unit: Unit) -> bool:
        fact = facts.get(unit.id, empty)
        return fact["waived"] or move_on_met(
            unit.move_on, completed=fact["completed"], passed=fact["passed"]
        )

    now = timezone.now()
    own = next((u for u in structure.units if u.id == launch.unit_id), None)
    tracked = own is not None and (own.move_on or NOT_APPLICABLE) != NOT_APPLICABLE
    if tracked and met(own):
        PackageLaunch.objects.filter(pk=launch.pk, satisfied_at__isnull=True).update(
            satisfied_at=now
        )
    if not all(met(unit) for unit in structure.units):
        return False
    course = {
        "objectType": "Activity",
        "id": package_course_iri(launch.page.translation_key),
        "definition": {"name": {LANGUAGE: launch.page.title}, "type": TYPE_COURSE},
    }
    statement_id = milestone_id(
        Cmi5Verb.SATISFIED,
        launch.person.staff_number,
        course["id"],
        str(launch.registration),
    )
    satisfied = _statement(
        launch,
        Cmi5Verb.SATISFIED,
        target=course,
        publisher_id=structure.course_id,
        statement_id=statement_id,
    )
    if not statements_record(statements=[satisfied], keep_existing=True).created:
        return True  # already satisfied in this registration
    passed = any(fact["passed"] for fact in facts.values())
    scores = [score for fact in facts.values() for score in fact["scores"]]
    package_outcome_record(
        launch=launch,
        completed=True,
        passed=True if passed else None,
        score_scaled=max(scores) if scores else None,
    )
    return True


@transaction.atomic
def unit_waive(
    *, page: PackageModulePage, person: Person, unit_id: str, reason: str
) -> PackageLaunch:
    """9.3.7: the AU's requirements were met another way. One waiver per AU per
    registration, in a session of its own; then moveOn is evaluated."""
    if reason not in WAIVE_REASONS:
        raise WaiveRefused(f"The reason must be one of: {', '.join(WAIVE_REASONS)}.")
    unit = unit_find(page, unit_id)
    if page.package_structure.kind != "cmi5":
        raise WaiveRefused("Only a cmi5 package's AUs can be waived.")
    registration = launch_registration(page=page, person=person)
    waivers = PackageLaunch.objects.select_for_update().filter(
        page=page, person=person, registration=registration, unit_id=unit_id
    )
    if any(WAIVED_KEY in (row.cmi or {}) for row in waivers):
        raise WaiveRefused("This AU is already waived in this registration.")
    now = timezone.now()
    waiver = PackageLaunch.objects.create(
        page=page,
        person=person,
        unit_id=unit_id,
        kind="cmi5",
        content_version=page.content_version,
        registration=registration,
        token_hash=secret_hash(secrets.token_urlsafe(32)),  # no one holds it
        fetched_at=now,
        expires_at=now,
        terminated_at=now,
        cmi={WAIVED_KEY: reason},
    )
    statements_record(
        statements=[
            _statement(
                waiver,
                Cmi5Verb.WAIVED,
                target=_au_object(waiver, unit),
                publisher_id=unit.id,
                result={
                    "success": True,
                    "completion": True,
                    "extensions": {RESULT_REASON: reason},
                },
            )
        ]
    )
    move_on_evaluate(waiver)
    return waiver
