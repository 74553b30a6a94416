"""What each learning activity is called in the record: its kind, its IRI and
its reference (id, name, type, parents, version).

The one place activity IRIs are built and read. Page and model classes expose
`activity_id` and `activity_ref()` built from here; other apps never put an
IRI together or take one apart themselves (docs/decisions/0013).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from crystal_learning import conf

from .vocabulary import ActivityType


class ActivityKind(StrEnum):
    """The kinds of activity the platform names: the IRI path segment."""

    TILE = "tile"
    MODULE = "module"
    QUIZ = "quiz"
    QUESTION = "question"
    BRIEFING = "briefing"
    SESSION = "session"
    PROGRAMME = "programme"
    PACKAGE = "package"
    #: A guide, leaflet or booklet in the document library (keyed by its id).
    DOCUMENT = "document"
    #: A chief officer's vlog: a video in the media library (keyed by its id).
    VLOG = "vlog"

    @property
    def activity_type(self) -> str:
        """The xAPI activity type a statement about this kind carries."""
        return _TYPES[self]


_TYPES = {
    ActivityKind.TILE: ActivityType.COURSE,
    ActivityKind.MODULE: ActivityType.MODULE,
    ActivityKind.QUIZ: ActivityType.ASSESSMENT,
    ActivityKind.QUESTION: ActivityType.INTERACTION,
    ActivityKind.BRIEFING: ActivityType.MEETING,
    ActivityKind.SESSION: ActivityType.MEETING,
    ActivityKind.PROGRAMME: ActivityType.COURSE,
    ActivityKind.PACKAGE: ActivityType.COURSE,
    ActivityKind.DOCUMENT: ActivityType.DOCUMENT,
    ActivityKind.VLOG: ActivityType.VIDEO,
}

#: The resources a learner opens from a module or resource page: files in the
#: document and media libraries, which are not the platform's own models.
RESOURCE_KINDS = (ActivityKind.DOCUMENT, ActivityKind.VLOG)


@dataclass(frozen=True)
class ActivityRef:
    """An activity as a statement names it."""

    id: str
    name: str
    type: str
    description: str = ""
    parents: tuple[str, ...] = ()
    version: str = ""


def _base() -> str:
    return conf.xapi_activity_base().rstrip("/")


def is_platform_iri(iri: str) -> bool:
    """Whether an activity IRI is one of the platform's own (modules, quizzes,
    tiles, package units): a package's manifest never speaks for those."""
    return iri.startswith(_base())


def activity_iri(kind: ActivityKind, key: str | uuid.UUID) -> str:
    """A stable activity IRI, e.g. .../activities/module/<translation_key>."""
    return f"{_base()}/{ActivityKind(kind)}/{key}"


def package_unit_iri(package_key: str | uuid.UUID, unit_id: str) -> str:
    """The IRI a package page gives one of its units (a cmi5 AU): ours, never
    the publisher's id (cmi5 8.1: the LMS generates the AU's activityId), the
    same for every launch and registration."""
    unit = uuid.uuid5(uuid.NAMESPACE_URL, unit_id)
    return f"{activity_iri(ActivityKind.PACKAGE, package_key)}/unit/{unit}"


def package_attempt_iri(unit_iri: str, attempt: uuid.UUID) -> str:
    """One attempt at a SCORM unit (the xAPI SCORM Profile's attempt activity):
    kept across suspend and resume, new after a normal exit."""
    return f"{unit_iri}?attemptId={attempt}"


def package_interaction_iri(unit_iri: str, interaction_id: str) -> str:
    """A SCORM interaction (cmi.interactions.n.id) under its unit; a long id is
    named by its uuid5, so the IRI fits the record's columns."""
    segment = quote(interaction_id, safe="")
    if len(segment) > 200:
        segment = str(uuid.uuid5(uuid.NAMESPACE_URL, interaction_id))
    return f"{unit_iri}/interactions/{segment}"


def package_course_iri(package_key: str | uuid.UUID) -> str:
    """The IRI of a package's course, for cmi5's course "satisfied" statement."""
    return f"{activity_iri(ActivityKind.PACKAGE, package_key)}/course"


def tile_iri(tile) -> str:
    """The IRI of a tile page (any Page: only its translation key is read)."""
    return activity_iri(ActivityKind.TILE, tile.translation_key)


def activity_ref(
    kind: ActivityKind,
    key: str | uuid.UUID,
    *,
    name: str,
    parents: Iterable[str] = (),
    version: object = "",
    description: str = "",
) -> ActivityRef:
    """The reference of one of the platform's own activities."""
    kind = ActivityKind(kind)
    return ActivityRef(
        id=activity_iri(kind, key),
        name=name,
        type=kind.activity_type,
        description=description,
        parents=tuple(parents),
        version=str(version) if version else "",
    )


def resource_ref(kind: ActivityKind, resource) -> ActivityRef:
    """A document or vlog as statements name it: by its library id (a file
    replaced in the library keeps its id, and so its record)."""
    kind = ActivityKind(kind)
    if kind not in RESOURCE_KINDS:
        raise ValueError(kind)
    return activity_ref(kind, resource.pk, name=resource.title)


def resource_prefixes() -> list[str]:
    """What every resource IRI starts with, one per kind (for a query)."""
    return [f"{_base()}/{kind}/" for kind in RESOURCE_KINDS]


def resource_key(iri: str) -> tuple[ActivityKind, int] | None:
    """(kind, library id) of a resource IRI, or None if it is not one."""
    for kind in RESOURCE_KINDS:
        prefix = f"{_base()}/{kind}/"
        if isinstance(iri, str) and iri.startswith(prefix):
            key = iri.removeprefix(prefix)
            if key.isascii() and key.isdigit():
                return kind, int(key)
    return None


def activity_key(iri: str, kind: ActivityKind) -> uuid.UUID | None:
    """The UUID an IRI of this kind carries (a page's translation key, a
    briefing's or session's own id), or None if it is not one of ours."""
    prefix = f"{_base()}/{ActivityKind(kind)}/"
    if not isinstance(iri, str) or not iri.startswith(prefix):
        return None
    try:
        return uuid.UUID(iri.removeprefix(prefix))
    except ValueError:
        return None


def activity_keys(
    iris: Iterable[str], kinds: Iterable[ActivityKind]
) -> dict[ActivityKind, set[uuid.UUID]]:
    """Which of these IRIs name activities of these kinds, by kind."""
    kinds = [ActivityKind(kind) for kind in kinds]
    keys: dict[ActivityKind, set[uuid.UUID]] = defaultdict(set)
    for iri in iris:
        for kind in kinds:
            key = activity_key(iri, kind)
            if key is not None:
                keys[kind].add(key)
                break
    return keys
