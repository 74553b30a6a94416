"""Launching a cmi5 AU (cmi5 "Quartz", sections 8 and 10) and the xAPI access
its launch gets.

`launch_url` (called by the launch view): abandons the registration's earlier
sessions that never terminated, writes LMS.LaunchData in the State resource,
records "launched", and answers the AU's URL with endpoint, fetch, actor,
registration and activityId. The AU's activityId is ours
(`package_unit_iri`), never the publisher's id (that goes in the context
template's grouping).

The fetch URL (section 8.2) hands the AU its auth token once. The token's
secret is never stored: the launch keeps only its SHA-256, and the fetch URL
carries the secret encrypted and authenticated (Fernet, with a key derived from
SECRET_KEY for this use only) and expiring with the launch. A database copy
therefore holds nothing that signs in, and a fetch URL seen in a log is spent
once the AU has used it (the first POST marks the launch fetched in one
conditional UPDATE; every later one is refused). Storing the secret until the
first fetch would put a live credential in the database for every launch an AU
never fetched.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

from cryptography.fernet import Fernet, InvalidToken
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt

from crystal_learning import conf
from crystal_learning.xapi.activities import is_platform_iri, package_unit_iri
from crystal_learning.xapi.agents import agent_key, person_agent
from crystal_learning.xapi.documents import services as documents
from crystal_learning.xapi.documents.models import XapiDocument
from crystal_learning.xapi.launches import LaunchGrant
from crystal_learning.xapi.protocol import APIError

from . import cmi5_lms
from .cmi5_rules import (
    LAUNCH_DATA,
    NOT_APPLICABLE,
    Cmi5Verb,
    Refused,
    Session,
    statement_judge,
)
from .launching import xapi_endpoint
from .manifests import Unit, launch_path
from .models import PackageLaunch
from .services import launch_credentials, launch_file_url, secret_hash, unit_find

FETCH_KEY_SALT = "crystal.packages.cmi5.fetch"
#: When a verb is accepted, the launch field that keeps it.
NOTED = {
    Cmi5Verb.INITIALIZED: "initialized_at",
    Cmi5Verb.TERMINATED: "terminated_at",
    Cmi5Verb.COMPLETED: "completed_at",
    Cmi5Verb.PASSED: "passed_at",
    Cmi5Verb.FAILED: "failed_at",
}


def au_activity_id(launch: PackageLaunch) -> str:
    return package_unit_iri(launch.page.translation_key, launch.unit_id)


def _fernet() -> Fernet:
    key = salted_hmac(FETCH_KEY_SALT, "fetch-url", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def fetch_url(request: HttpRequest, launch: PackageLaunch, secret: str) -> str:
    sealed = _fernet().encrypt(f"{launch.id}:{secret}".encode()).decode("ascii")
    route = reverse("crystal_packages:cmi5-fetch", kwargs={"launch_id": launch.id})
    return request.build_absolute_uri(route) + "?" + urlencode({"k": sealed})


def _unsealed(sealed: str, launch_id: str) -> str | None:
    """The secret a fetch URL carries for this launch, or None."""
    try:
        plain = _fernet().decrypt(
            sealed.encode("ascii"), ttl=conf.package_launch_hours() * 3600
        )
    except (InvalidToken, UnicodeEncodeError):
        return None
    owner, _, secret = plain.decode("utf-8", "replace").partition(":")
    return secret if owner == launch_id and secret else None


def _au_url(request: HttpRequest, launch: PackageLaunch, unit: Unit) -> str:
    """The AU's URL without the launch parameters: absolute stays, relative is
    the launch's served copy."""
    if launch_path(unit.url) is None:
        return unit.url
    return launch_file_url(launch, unit.url, request)


def launch_data(request: HttpRequest, launch: PackageLaunch, unit: Unit) -> dict:
    """The LMS.LaunchData document (section 10)."""
    data = {
        "contextTemplate": cmi5_lms.context_template(launch, unit),
        "launchMode": launch.mode,
        "moveOn": unit.move_on or NOT_APPLICABLE,
        # A page the player may frame, which sends the learner back to the
        # module (the module page itself refuses to be framed).
        "returnURL": request.build_absolute_uri(
            reverse("crystal_packages:finished", args=[launch.pk])
        ),
    }
    if unit.parameters:
        data["launchParameters"] = unit.parameters
    if unit.mastery_score is not None:
        data["masteryScore"] = unit.mastery_score
    if unit.entitlement_key:
        data["entitlementKey"] = {"courseStructure": unit.entitlement_key}
    return data


@transaction.atomic
def launch_url(request: HttpRequest, launch: PackageLaunch, secret: str) -> str:
    """Prepare the launch (sections 8.1, 9.3.1, 9.3.6, 10) and answer the AU's URL."""
    unit = unit_find(launch.page, launch.unit_id)
    actor = person_agent(launch.person.staff_number)
    activity_id = au_activity_id(launch)
    cmi5_lms.sessions_abandon(launch)
    documents.document_write(
        documents.Address(
            XapiDocument.Kind.STATE,
            activity_id,
            agent_key(actor),
            str(launch.registration),
            LAUNCH_DATA,
        ),
        documents.Write(
            content=json.dumps(launch_data(request, launch, unit)).encode(),
            content_type="application/json",
        ),
    )
    au_url = _au_url(request, launch, unit)
    cmi5_lms.launched_record(launch, unit, launch_url=au_url)
    cmi5_lms.move_on_evaluate(launch)  # a course of NotApplicable AUs only
    query = urlencode(
        {
            "endpoint": xapi_endpoint(request),
            "fetch": fetch_url(request, launch, secret),
            "registration": str(launch.registration),
            "activityId": activity_id,
            "actor": json.dumps(actor, separators=(",", ":")),
        }
    )
    joiner = "&" if "?" in au_url else "?"
    fragment = ""
    if "#" in au_url:
        au_url, fragment = au_url.split("#", 1)
        fragment = "#" + fragment
    return f"{au_url}{joiner}{query}{fragment}"


# The fetch URL (section 8.2) ---------------------------------------------------


def _cors(response: HttpResponse) -> HttpResponse:
    """The AU runs on another origin (a sandboxed frame: an opaque one)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type"
    response["Cache-Control"] = "no-store"
    return response


def _fetch_error(code: str, text: str) -> HttpResponse:
    """Section 8.2.3: an error is still a 200, as JSON."""
    return _cors(JsonResponse({"error-code": code, "error-text": text}))


@login_not_required
@csrf_exempt
def fetch(request: HttpRequest, launch_id) -> HttpResponse:
    """POST once: {"auth-token": ...}; again, or expired: error-code 1; a
    wrong or forged URL: error-code 2."""
    if request.method == "OPTIONS":
        return _cors(HttpResponse(status=204))
    if request.method != "POST":
        response = _cors(
            JsonResponse({"error": "The fetch URL takes POST only."}, status=405)
        )
        response["Allow"] = "POST, OPTIONS"
        return response
    launch = PackageLaunch.objects.filter(pk=launch_id, kind="cmi5").first()
    secret = _unsealed(request.GET.get("k", ""), str(launch_id))
    if launch is None or secret is None or secret_hash(secret) != launch.token_hash:
        return _fetch_error("2", "This fetch URL is not valid.")
    now = timezone.now()
    if (
        (launch.expires_at and launch.expires_at <= now)
        or launch.abandoned_at
        or launch.terminated_at
    ):
        return _fetch_error("1", "This AU session has expired.")
    taken = PackageLaunch.objects.filter(pk=launch.pk, fetched_at__isnull=True).update(
        fetched_at=now
    )
    if not taken:
        return _fetch_error("1", "The authorization token has already been returned.")
    token = launch_credentials(launch, secret).removeprefix("Basic ")
    return _cors(JsonResponse({"auth-token": token}))


# The launch's xAPI access ------------------------------------------------------


class _SessionRules:
    """The cmi5 rules for one request of one launch: the launch row is locked at
    the first statement and noted as statements are accepted, all in the
    transaction that stores them."""

    def __init__(self, launch: PackageLaunch, unit: Unit) -> None:
        self.launch_id, self.unit = launch.pk, unit
        self.launch: PackageLaunch | None = None
        self.session: Session | None = None
        self.noted: set[str] = set()

    def _open(self) -> Session:
        launch = PackageLaunch.objects.select_for_update().get(pk=self.launch_id)
        earlier = PackageLaunch.objects.filter(
            page_id=launch.page_id,
            person_id=launch.person_id,
            registration=launch.registration,
            unit_id=launch.unit_id,
        ).exclude(pk=launch.pk)
        verbs = {
            verb
            for verb, name in NOTED.items()
            if earlier.filter(**{f"{name}__isnull": False}).exists()
        }
        self.launch = launch
        return Session(
            registration=str(launch.registration),
            session_id=str(launch.session_id),
            activity_id=au_activity_id(launch),
            publisher_id=self.unit.id,
            mode=launch.mode,
            mastery_score=self.unit.mastery_score,
            verbs=list(launch.cmi.get("cmi5_verbs", [])),
            registration_verbs=verbs,
        )

    def check(self, statement: dict) -> None:
        if self.session is None:
            self.session = self._open()
        if self.launch.abandoned_at is not None:
            raise APIError(403, "This AU session was abandoned.")
        try:
            verb = statement_judge(self.session, statement)
        except Refused as error:
            raise APIError(403, error.message, error.field) from None
        now = timezone.now()
        if verb is not None:
            setattr(self.launch, NOTED[verb], now)
            self.noted.add(verb)
            if verb in (Cmi5Verb.PASSED, Cmi5Verb.FAILED):
                score = ((statement.get("result") or {}).get("score") or {}).get(
                    "scaled"
                )
                if isinstance(score, int | float) and not isinstance(score, bool):
                    self.launch.score_scaled = float(score)
        self.launch.cmi = {
            **self.launch.cmi,
            "cmi5_verbs": self.session.verbs,
            "last_statement_at": now.isoformat(),
        }

    def accepted(self, statements: list[dict]) -> None:
        if self.launch is None:
            return
        self.launch.save()
        if self.noted & {Cmi5Verb.COMPLETED, Cmi5Verb.PASSED}:
            cmi5_lms.move_on_evaluate(self.launch)


def launch_grant(launch: PackageLaunch) -> LaunchGrant:
    """What a fetched cmi5 launch may do in the LRS."""
    unit = unit_find(launch.page, launch.unit_id)
    activity_id = au_activity_id(launch)
    prefixes = [activity_id + "/"]
    publisher = unit.id
    ids = {activity_id}
    if not is_platform_iri(publisher):
        ids.add(publisher)
        prefixes.append(publisher.rstrip("/") + "/")
    rules = _SessionRules(launch, unit)
    return LaunchGrant(
        person=launch.person,
        actor=person_agent(launch.person.staff_number),
        registration=str(launch.registration),
        activity_ids=frozenset(ids),
        statement_check=rules.check,
        launch_id=str(launch.pk),
        activity_prefixes=tuple(prefixes),
        read_only_state_ids=frozenset({LAUNCH_DATA}),
        statements_accepted=rules.accepted,
    )
