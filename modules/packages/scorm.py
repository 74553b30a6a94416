"""The SCORM 1.2 and 2004 runtime: scorm-again in the SCO's own window, its
commits kept per attempt, its events in the learning record (docs/packages.md).

The SCO runs in a sandboxed frame (an opaque origin, no cookies), so the API
object must live in the SCO's window: serving.py puts `runtime_snippet` right
after <head> of the launching HTML. The runtime posts the CMI to
POST /packages/scorm/<token>/commit, the token (signed launch id, in the path)
being the only authority. Each commit is checked (scorm_data), kept on the
launch, turned into xAPI SCORM Profile statements (scorm_mapping) stored as the
learner's browser's claims, and judged by the SCORM rules: a unit completed (and
passed when a mastery score applies) is satisfied; when every unit is, the
platform records the package's outcome (services.package_outcome_record).
"""

from __future__ import annotations

import html
import json
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from crystal_learning import conf
from crystal_learning.xapi.activities import package_attempt_iri, package_unit_iri
from crystal_learning.xapi.agents import launch_authority, person_agent
from crystal_learning.xapi.pipeline import (
    StatementConflict,
    StatementInvalid,
    browser_statements_record,
)
from crystal_learning.xapi.statements import milestone_id

from .manifests import Unit
from .models import PackageLaunch
from .scorm_data import MAX_COMMIT_BYTES, CommitInvalid, commit_parse, element
from .scorm_mapping import SESSION_KEYS, Outcome, Sco, events, outcome_of
from .services import LaunchRefused, package_outcome_record, unit_find

KINDS = ("scorm12", "scorm2004")
COMMIT_SALT = "crystal.packages.scorm"
VENDOR = "crystal_modules/vendor/scorm-again/{kind}.min.js"
RUNTIME = "crystal_modules/js/scorm_runtime.js"
#: What a resumed attempt carries over from the suspended one (the rest is new).
CARRIED = {
    "scorm12": ("suspend_data", "comments", "core", "objectives", "student_preference"),
    "scorm2004": (
        "suspend_data",
        "location",
        "completion_status",
        "success_status",
        "progress_measure",
        "score",
        "total_time",
        "objectives",
        "interactions",
        "learner_preference",
        "comments_from_learner",
    ),
}
CARRIED_CORE_12 = ("lesson_location", "lesson_status", "score", "total_time")


class CommitRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# The launch token ----------------------------------------------------------


def commit_token(launch: PackageLaunch) -> str:
    """The launch id, signed: the same for every load of the launch's page (it
    expires with the launch, `expires_at`, checked on each commit)."""
    return signing.Signer(salt=COMMIT_SALT).sign(str(launch.id))


def commit_launch_id(token: str) -> str | None:
    try:
        value = signing.Signer(salt=COMMIT_SALT).unsign(token)
    except signing.BadSignature:
        return None
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError):
        return None


# Attempts: resume ------------------------------------------------------------


def _resume_source(launch: PackageLaunch) -> PackageLaunch | None:
    """The person's latest earlier attempt at this unit, if it was suspended."""
    previous = (
        PackageLaunch.objects.filter(
            person_id=launch.person_id,
            page_id=launch.page_id,
            unit_id=launch.unit_id,
            content_version=launch.content_version,
            kind=launch.kind,
            created_at__lte=launch.created_at,
            cmi__has_key="cmi",
        )
        .exclude(pk=launch.pk)
        .order_by("-created_at")
        .first()
    )
    if previous is None or _exit(previous.kind, previous.cmi.get("cmi")) != "suspend":
        return None
    return previous


def _exit(kind: str, cmi: object) -> str:
    if not isinstance(cmi, dict):
        return ""
    return element(cmi, "core.exit" if kind == "scorm12" else "exit")


def _carried(kind: str, cmi: dict) -> dict:
    kept = {key: cmi[key] for key in CARRIED[kind] if key in cmi}
    if kind == "scorm12":
        core = cmi.get("core") or {}
        kept["core"] = {key: core[key] for key in CARRIED_CORE_12 if key in core}
    return kept


def attempt_state(launch: PackageLaunch) -> dict:
    """The launch's kept state: its own, or a new attempt (resuming the last
    suspended one: its data, attempt id and recorded events)."""
    if launch.cmi.get("cmi") is not None:
        return launch.cmi
    source = _resume_source(launch)
    if source is None:
        return {
            "cmi": {},
            "attempt": str(uuid.uuid4()),
            "recorded": [],
            "resumed": False,
        }
    recorded = [
        key for key in source.cmi.get("recorded", []) if key not in SESSION_KEYS
    ]
    return {
        "cmi": _carried(launch.kind, source.cmi["cmi"]),
        "attempt": source.cmi.get("attempt") or str(uuid.uuid4()),
        "recorded": recorded,
        "resumed": True,
    }


# The runtime snippet ------------------------------------------------------------


def _entry(launch: PackageLaunch, state: dict) -> str:
    if launch.cmi.get("cmi") is not None:  # the same launch, loaded again
        return "resume" if _exit(launch.kind, launch.cmi["cmi"]) == "suspend" else ""
    return "resume" if state["resumed"] else "ab-initio"


def _static_url(path: str) -> str:
    url = static(path)
    origin = conf.package_origin()
    return origin + url if origin and url.startswith("/") else url


def initial_cmi(launch: PackageLaunch, unit: Unit) -> dict:
    """What scorm-again loads before the SCO initializes (loadFromJSON)."""
    state = attempt_state(launch)
    data = json.loads(json.dumps(state["cmi"]))  # a copy
    person = launch.person
    mode = launch.mode.lower()
    credit = "credit" if launch.mode == "Normal" else "no-credit"
    entry = _entry(launch, state)
    launch_data = getattr(unit, "launch_data", "")
    if launch.kind == "scorm12":
        for key in ("session_time", "exit"):
            data.get("core", {}).pop(key, None)
        data["core"] = {
            **data.get("core", {}),
            "student_id": person.staff_number,
            "student_name": person.display_name,
            "credit": credit,
            "lesson_mode": mode,
            "entry": entry,
        }
        if unit.mastery_score is not None:
            data["student_data"] = {"mastery_score": f"{unit.mastery_score * 100:g}"}
        data["launch_data"] = launch_data
        return data
    for key in ("session_time", "exit"):
        data.pop(key, None)
    data.update(
        learner_id=person.staff_number,
        learner_name=person.display_name,
        credit=credit,
        mode=mode,
        entry=entry,
        launch_data=launch_data,
    )
    if unit.mastery_score is not None:
        data["scaled_passing_score"] = f"{unit.mastery_score:g}"
    threshold = getattr(unit, "completion_threshold", None)
    if threshold is not None:
        data["completion_threshold"] = f"{threshold:g}"
    return data


def runtime_snippet(launch: PackageLaunch) -> str:
    """The <script> tags serving.py puts after <head> of a SCO's launching HTML:
    the configuration (JSON), scorm-again for the version, and our runtime."""
    unit = unit_find(launch.page, launch.unit_id)
    config = {
        "version": launch.kind,
        "commitUrl": reverse(
            "crystal_packages:scorm-commit", args=[commit_token(launch)]
        ),
        "cmi": initial_cmi(launch, unit),
    }
    # Inside <script>: no "<" can close it, and ASCII only (any page encoding).
    data = json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e")
    vendor = html.escape(_static_url(VENDOR.format(kind=launch.kind)))
    runtime = html.escape(_static_url(RUNTIME))
    return (
        f'<script type="application/json" id="crystal-scorm-config">{data}</script>'
        f'<script src="{vendor}"></script><script src="{runtime}"></script>'
    )


# Commits -------------------------------------------------------------------------


def _merged(kept: dict, new: dict) -> dict:
    merged = dict(kept)
    for key, value in new.items():
        old = merged.get(key)
        merged[key] = (
            _merged(old, value)
            if isinstance(old, dict) and isinstance(value, dict)
            else value
        )
    return merged


def _sco(launch: PackageLaunch, unit: Unit, attempt: str) -> Sco:
    unit_iri = package_unit_iri(launch.page.translation_key, unit.id)
    return Sco(
        actor=person_agent(launch.person.staff_number),
        iri=unit_iri,
        name=unit.title,
        course_iri=launch.page.activity_id,
        attempt_iri=package_attempt_iri(unit_iri, uuid.UUID(attempt)),
        registration=str(launch.registration),
        content_version=launch.content_version,
        timestamp=timezone.now().isoformat(),
    )


def _statements_record(launch: PackageLaunch, sco: Sco, found: list) -> None:
    statements = []
    for key, statement in found:
        statement["id"] = milestone_id(
            statement["verb"]["id"],
            launch.person.staff_number,
            sco.iri,
            f"{launch.id}|{key}",
        )
        statements.append(statement)
    if statements:
        browser_statements_record(
            person=launch.person, statements=statements, authority=launch_authority()
        )


def _package_satisfied(launch: PackageLaunch) -> bool:
    """Every unit of the package satisfied by this person at this version."""
    units = {unit.id for unit in launch.page.package_structure.units}
    satisfied = set(
        PackageLaunch.objects.filter(
            person_id=launch.person_id,
            page_id=launch.page_id,
            content_version=launch.content_version,
            satisfied_at__isnull=False,
        ).values_list("unit_id", flat=True)
    )
    return units <= satisfied | {launch.unit_id}


def _judge(launch: PackageLaunch, outcome: Outcome, now) -> None:
    """Note the attempt's outcome on the launch; in credit mode, record the
    package's outcome when it changes (the platform's milestones collapse)."""
    launch.score_scaled = outcome.score_scaled
    if outcome.completion and launch.completed_at is None:
        launch.completed_at = now
    credit = launch.mode == "Normal"
    if outcome.success is True and launch.passed_at is None:
        launch.passed_at = now
    if outcome.success is False and launch.failed_at is None:
        launch.failed_at = now
        if credit:
            package_outcome_record(
                launch=launch,
                completed=False,
                passed=False,
                score_scaled=outcome.score_scaled,
            )
    if outcome.done and launch.satisfied_at is None:
        launch.satisfied_at = now
        if credit and _package_satisfied(launch):
            package_outcome_record(
                launch=launch,
                completed=True,
                passed=True if outcome.success else None,
                score_scaled=outcome.score_scaled,
            )


def commit_record(*, launch_id: str, body: bytes) -> None:
    """Keep one commit of a launch's SCO: data, statements, outcome (atomic).
    Raises CommitRefused (403) or CommitInvalid (400)."""
    with transaction.atomic():
        launch = (
            PackageLaunch.objects.select_for_update(of=("self",))
            .select_related("page", "person")
            .filter(pk=launch_id)
            .first()
        )
        if launch is None or launch.kind not in KINDS or not launch.person.active:
            raise CommitRefused(
                403, "This launch is not a SCORM launch you may commit to."
            )
        if launch.expires_at is not None and launch.expires_at <= timezone.now():
            raise CommitRefused(403, "This launch has expired: start it again.")
        try:
            unit = unit_find(launch.page, launch.unit_id)
        except (LaunchRefused, AttributeError):
            raise CommitRefused(403, "This unit is no longer in the package.") from None
        commit = commit_parse(body, launch.kind)
        state = attempt_state(launch)
        cmi = _merged(state["cmi"], commit.cmi)
        if launch.terminated_at is not None:
            # The SCO finished (its last commit said so). The same final
            # commit sent again (a lost answer) changes nothing; any other one
            # is from before and still in flight (an autocommit arriving after
            # the unload beacon), and must not overwrite the final state.
            if commit.terminate and cmi == state["cmi"]:
                return
            raise CommitRefused(409, "This attempt has ended: start it again.")
        outcome = outcome_of(
            launch.kind,
            cmi,
            mastery=unit.mastery_score,
            completion_threshold=getattr(unit, "completion_threshold", None),
            finished=commit.terminate or launch.terminated_at is not None,
        )
        recorded = frozenset(state["recorded"])
        sco = _sco(launch, unit, state["attempt"])
        found = events(
            launch.kind,
            cmi,
            sco=sco,
            outcome=outcome,
            recorded=recorded,
            resumed=state["resumed"],
            terminate=commit.terminate,
        )
        _statements_record(launch, sco, found)
        now = timezone.now()
        launch.initialized_at = launch.initialized_at or now
        if commit.terminate:
            launch.terminated_at = now
        launch.cmi = {
            **state,
            "cmi": cmi,
            "recorded": sorted(recorded | {key for key, _ in found}),
        }
        _judge(launch, outcome, now)
        launch.save()


# The endpoint ---------------------------------------------------------------------


def _answer(status: int, message: str = "") -> JsonResponse:
    """scorm-again reads {"result": "true"|"false", "errorCode": n}."""
    body = {
        "result": "true" if status == 200 else "false",
        "errorCode": 0 if status == 200 else 101,
    }
    if message:
        body["error"] = message
    response = JsonResponse(body, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _body(request: HttpRequest) -> bytes:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_COMMIT_BYTES:
        raise CommitInvalid("", f"is larger than {MAX_COMMIT_BYTES} bytes")
    return request.read(MAX_COMMIT_BYTES + 1)


@login_not_required
@csrf_exempt
def commit(request: HttpRequest, token: str) -> HttpResponse:
    """POST /packages/scorm/<token>/commit: scorm-again's commit of the SCO's
    data model (a "simple" CORS request from the sandbox: text/plain JSON)."""
    if request.method == "OPTIONS":
        response = _answer(200)
        response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        response["Access-Control-Max-Age"] = "86400"
        return response
    if request.method != "POST":
        response = _answer(405, "Commits are POSTed.")
        response["Allow"] = "POST, OPTIONS"
        return response
    launch_id = commit_launch_id(token)
    if launch_id is None:
        return _answer(403, "This launch's link has expired or is not valid.")
    try:
        commit_record(launch_id=launch_id, body=_body(request))
    except CommitRefused as error:
        return _answer(error.status, error.message)
    except CommitInvalid as error:
        return _answer(413 if "larger than" in error.message else 400, str(error))
    except StatementInvalid as error:
        return _answer(400, f"The data model gives an invalid statement: {error}")
    except StatementConflict as error:
        return _answer(409, str(error))
    return _answer(200)
