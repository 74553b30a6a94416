"""Writes for package modules: installing a zip, starting a launch, recording
the outcome in the learning record."""

from __future__ import annotations

import base64
import hashlib
import math
import secrets
import uuid
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from crystal_learning import conf
from crystal_learning.people.models import Person
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.vocabulary import Verb

from .archive import archive_extract, package_read
from .manifests import PackageStructure, Unit
from .models import PackageLaunch, PackageModulePage, unpacked_root

FILE_TOKEN_SALT = "crystal.packages.files"  # noqa: S105 (a salt, not a secret)
#: Registrations are uuid5s of (person, page, content version) in this namespace.
REGISTRATION_NAMESPACE = uuid.UUID("6a0c3a55-8f0e-4f55-9c57-0b5c3d1f6c17")
MODES = ("Normal", "Browse", "Review")


class LaunchRefused(ValueError):
    """The launch cannot start (no such unit, no package installed)."""


def package_extract(page: PackageModulePage) -> None:
    """Extract the page's checked zip into its content root (atomic, idempotent)."""
    if page.content_root().is_dir():
        return
    unpacked = unpacked_root(page.package_sha256)
    if page.package_sha256 and unpacked.is_dir():
        # Already unpacked by the admin's package upload: link its files.
        archive_extract(None, page.content_root(), unpacked=unpacked)
        return
    handle = page.package.file.open("rb")
    try:
        archive_extract(handle, page.content_root())
    finally:
        page.package.file.close()


def package_install(*, page: PackageModulePage, document=None) -> PackageStructure:
    """Check a package zip (the page's, or `document`, which becomes the page's),
    store its structure and hash on the page, and extract its files.

    The page is not saved: the caller saves it (or the admin form does).
    Raises PackageRefused or ManifestInvalid with a message for the editor;
    then nothing is installed.
    """
    if document is not None:
        page.package = document
    structure, sha256 = package_read(page.package)
    page.structure = structure.to_json()
    page.package_sha256 = sha256
    package_extract(page)
    return structure


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def launch_registration(*, page: PackageModulePage, person: Person) -> uuid.UUID:
    """One registration per person, page and content version (cmi5 9.3.1)."""
    name = f"{person.pk}:{page.translation_key}:{page.content_version}"
    return uuid.uuid5(REGISTRATION_NAMESPACE, name)


def unit_find(page: PackageModulePage, unit_id: str) -> Unit:
    structure = page.package_structure
    for unit in structure.units if structure else ():
        if unit.id == unit_id:
            return unit
    raise LaunchRefused(f"This package has no unit {unit_id!r}.")


@transaction.atomic
def launch_start(
    *, page: PackageModulePage, person: Person, unit_id: str, mode: str = "Normal"
) -> tuple[PackageLaunch, str]:
    """A new launch of one unit: the row and its xAPI secret (never stored plain)."""
    if mode not in MODES:
        raise LaunchRefused(f"Unknown launch mode {mode!r}.")
    unit_find(page, unit_id)
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    launch = PackageLaunch.objects.create(
        page=page,
        person=person,
        unit_id=unit_id,
        kind=page.package_structure.kind,
        content_version=page.content_version,
        registration=launch_registration(page=page, person=person),
        mode=mode,
        token_hash=secret_hash(secret),
        expires_at=now + timedelta(hours=conf.package_launch_hours()),
    )
    return launch, secret


def launch_credentials(launch: PackageLaunch, secret: str) -> str:
    """The Authorization header value a launched package sends to /xapi/."""
    pair = f"launch-{launch.id}:{secret}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def file_token(launch: PackageLaunch) -> str:
    return signing.dumps(str(launch.id), salt=FILE_TOKEN_SALT)


def file_token_launch_id(token: str) -> str | None:
    """The launch id a file token names, or None if forged or expired."""
    try:
        value = signing.loads(
            token, salt=FILE_TOKEN_SALT, max_age=conf.package_launch_hours() * 3600
        )
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def launch_file_url(launch: PackageLaunch, relative_path: str, request=None) -> str:
    """Where the launch's copy of a package file is served, e.g.
    https://packages.example/packages/run/<token>/index.html?x=1.

    On CRYSTAL_PACKAGE_ORIGIN when set; else on this site (absolute when a
    request is given)."""
    parts = urlsplit(relative_path)
    route = reverse(
        "crystal_packages:file",
        kwargs={
            "token": file_token(launch),
            # reverse() quotes the path itself.
            "path": unquote(parts.path).lstrip("/"),
        },
    )
    url = route + (f"?{parts.query}" if parts.query else "")
    url += f"#{parts.fragment}" if parts.fragment else ""
    origin = conf.package_origin()
    if origin:
        return origin + url
    return request.build_absolute_uri(url) if request is not None else url


def unit_launch_target(unit: Unit) -> str:
    """A SCORM unit's launch file with its item parameters (IMS CP 1.1.4 rules)."""
    parameters = unit.parameters.strip()
    if not parameters:
        return unit.url
    if parameters.startswith(("?", "&")):
        parameters = parameters[1:]
    if parameters.startswith("#"):
        return unit.url + parameters
    joiner = "&" if "?" in unit.url else "?"
    return f"{unit.url}{joiner}{parameters}"


def package_outcome_record(
    *,
    launch: PackageLaunch,
    completed: bool,
    passed: bool | None = None,
    score_scaled: float | None = None,
) -> None:
    """Record what the platform concludes from a launch: the package completed,
    and passed or failed (with the score), at the launch's content version.

    These are the platform's own milestones (keyed ids: repeats collapse), the
    statements programme requirements, My training, the matrix and coverage read.
    """
    if score_scaled is not None and (
        not math.isfinite(score_scaled) or not -1.0 <= score_scaled <= 1.0
    ):
        score_scaled = None
    person, page = launch.person, launch.page
    ref = page.activity_ref(version=launch.content_version)
    statements = []
    if completed:
        statements.append(
            build.module_completed(staff_number=person.staff_number, module=ref)
        )
    if passed is not None:
        statements.append(
            build.package_outcome(
                Verb.PASSED if passed else Verb.FAILED,
                staff_number=person.staff_number,
                package=ref,
                score_scaled=score_scaled,
            )
        )
    if statements:
        statements_record(statements=statements, keep_existing=True)
