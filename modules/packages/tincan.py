"""Launching a Tin Can (xAPI) package as Storyline and Rise expect, and what
the launch may do in the LRS.

The launch URL carries the Tin Can launch parameters (Rustici's "Launch"
document, as Articulate reads them): `endpoint`, `auth` ("Basic ..." for
`launch-<id>` and its one-off secret), `actor` (the person's account agent as
JSON: no name, no e-mail), `registration` and `activity_id`. The credentials
are limited to the launch (crystal_learning/xapi/launches.py): the person's
own statements about the package's activities (its course id and what lies
under it), its own state, for CRYSTAL_PACKAGE_LAUNCH_HOURS.

The package's statements are claims like a browser's. When one says the course
itself (the package's activity id) is completed or passed (the verb, or
`result.completion` / `result.success` true), the platform records the
outcome with `package_outcome_record`; a failed one (the verb, or
`result.success` false) records the fail, and never a completion.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from crystal_learning.xapi.activities import is_platform_iri
from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.launches import LaunchGrant
from crystal_learning.xapi.protocol import APIError
from crystal_learning.xapi.vocabulary import Verb

from .launching import xapi_endpoint
from .manifests import launch_path
from .models import PackageLaunch
from .services import (
    launch_credentials,
    launch_file_url,
    package_outcome_record,
    unit_find,
)


def launch_url(request: HttpRequest, launch: PackageLaunch, secret: str) -> str:
    """The package's launch file with the Tin Can launch parameters."""
    unit = unit_find(launch.page, launch.unit_id)
    structure = launch.page.package_structure
    url = (
        launch_file_url(launch, unit.url, request)
        if launch_path(unit.url) is not None
        else unit.url
    )
    query = urlencode(
        {
            "endpoint": xapi_endpoint(request),
            "auth": launch_credentials(launch, secret),
            "actor": json.dumps(
                person_agent(launch.person.staff_number), separators=(",", ":")
            ),
            "registration": str(launch.registration),
            "activity_id": structure.course_id or unit.id,
        }
    )
    url, hash_mark, fragment = url.partition("#")
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}{query}{hash_mark}{fragment}"


def _outcome(statement: dict) -> tuple[bool, bool | None, float | None] | None:
    """(completed, passed, score) a statement about the course claims, or None."""
    verb = (statement.get("verb") or {}).get("id")
    result = statement.get("result")
    result = result if isinstance(result, dict) else {}
    success = result.get("success")
    score = (result.get("score") or {}).get("scaled")
    if not isinstance(score, int | float) or isinstance(score, bool):
        score = None
    if verb == Verb.FAILED or success is False:
        return False, False, score
    passed = verb == Verb.PASSED or success is True
    completed = passed or verb == Verb.COMPLETED or result.get("completion") is True
    if not completed:
        return None
    return True, (True if passed else None), score


class _CourseOutcome:
    """Registration checks, then what the package says about its course."""

    def __init__(self, launch: PackageLaunch, course_id: str) -> None:
        self.launch_id, self.course_id = launch.pk, course_id
        self.registration = str(launch.registration).lower()

    def check(self, statement: dict) -> None:
        context = statement.get("context")
        context = context if isinstance(context, dict) else {}
        registration = context.get("registration")
        if registration is not None and str(registration).lower() != self.registration:
            raise APIError(
                403,
                "The registration must be the one the launch gave.",
                "context.registration",
            )

    def accepted(self, statements: list[dict]) -> None:
        outcomes = [
            outcome
            for statement in statements
            if (statement.get("object") or {}).get("id") == self.course_id
            and (outcome := _outcome(statement)) is not None
        ]
        if not outcomes:
            return
        with transaction.atomic():
            launch = (
                PackageLaunch.objects.select_for_update()
                .select_related("page", "person")
                .get(pk=self.launch_id)
            )
            now = timezone.now()
            for completed, passed, score in outcomes:
                if completed:
                    launch.completed_at = launch.completed_at or now
                if passed:
                    launch.passed_at = launch.passed_at or now
                if passed is False:
                    launch.failed_at = launch.failed_at or now
                if score is not None:
                    launch.score_scaled = max(score, launch.score_scaled or score)
                package_outcome_record(
                    launch=launch,
                    completed=completed,
                    passed=passed,
                    score_scaled=score,
                )
            launch.save()


def launch_grant(launch: PackageLaunch) -> LaunchGrant:
    """What a Tin Can launch may do in the LRS: its course and what lies under it."""
    structure = launch.page.package_structure
    own = {structure.course_id, *(unit.id for unit in structure.units)}
    own = {iri for iri in own if iri and not is_platform_iri(iri)}
    prefixes = tuple(sorted(iri.rstrip("/") + "/" for iri in own))
    rules = _CourseOutcome(launch, structure.course_id)
    return LaunchGrant(
        person=launch.person,
        actor=person_agent(launch.person.staff_number),
        registration=str(launch.registration),
        activity_ids=frozenset(own),
        statement_check=rules.check,
        launch_id=str(launch.pk),
        activity_prefixes=prefixes,
        statements_accepted=rules.accepted,
    )
