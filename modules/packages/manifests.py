"""What a package holds: its kind, title and launchable units, read from its manifest.

The manifest at the root of the zip decides the kind: cmi5.xml (cmi5), then
imsmanifest.xml (SCORM 1.2 or 2004), then tincan.xml (Tin Can). Uploaded XML
is only ever parsed with defusedxml (no entities, no DTDs, no external fetches).
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import asdict, dataclass
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MANIFESTS = ("cmi5.xml", "imsmanifest.xml", "tincan.xml")
#: A manifest bigger than this is refused before it is read.
MANIFEST_MAX_BYTES = 4 * 1024 * 1024
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
MOVE_ON = (
    "Passed",
    "Completed",
    "CompletedAndPassed",
    "CompletedOrPassed",
    "NotApplicable",
)
LAUNCH_METHODS = ("AnyWindow", "OwnWindow")
PREFERRED_LANGUAGES = ("en-gb", "en", "en-us")


class ManifestInvalid(ValueError):
    """The package's manifest is missing or wrong; the message is for the editor."""


@dataclass(frozen=True)
class Unit:
    """One launchable thing: a cmi5 AU, a SCORM item, a Tin Can activity."""

    id: str
    title: str
    url: str
    parameters: str = ""
    move_on: str = ""
    mastery_score: float | None = None
    launch_method: str = ""
    entitlement_key: str = ""


@dataclass(frozen=True)
class PackageStructure:
    kind: str  # "cmi5" | "scorm12" | "scorm2004" | "tincan"
    title: str
    course_id: str
    units: tuple[Unit, ...]
    edition: str = ""

    def to_json(self) -> dict:
        data = asdict(self)
        data["units"] = [asdict(unit) for unit in self.units]
        return data

    @classmethod
    def from_json(cls, data: dict) -> PackageStructure:
        units = tuple(Unit(**unit) for unit in data.get("units", ()))
        return cls(
            kind=data["kind"],
            title=data.get("title", ""),
            course_id=data.get("course_id", ""),
            units=units,
            edition=data.get("edition", ""),
        )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


KIND_LABELS = {
    "cmi5": "cmi5",
    "scorm12": "SCORM 1.2",
    "scorm2004": "SCORM 2004",
    "tincan": "Tin Can (xAPI)",
}


# XML helpers: namespaces differ between tools and editions, so match local names.


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _descendants(element: Element, name: str) -> list[Element]:
    return [node for node in element.iter() if _local(node.tag) == name]


def _attribute(element: Element, name: str) -> str:
    """An attribute by local name, whatever its namespace prefix (adlcp:, imsss:)."""
    lowered = name.lower()
    for key, value in element.attrib.items():
        if _local(key).lower() == lowered:
            return value.strip()
    return ""


def _text(element: Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _langstring(element: Element | None) -> str:
    """The English langstring of a cmi5 title, else the first one."""
    if element is None:
        return ""
    strings = _children(element, "langstring") or [element]
    by_language = {_attribute(node, "lang").lower(): _text(node) for node in strings}
    for language in PREFERRED_LANGUAGES:
        if by_language.get(language):
            return by_language[language]
    return _text(strings[0])


def _parse(name: str, data: bytes) -> Element:
    try:
        return fromstring(data)
    except DefusedXmlException as error:
        raise ManifestInvalid(
            f"{name} uses XML features that are refused for safety "
            f"(entities, DTDs or external references): {error}"
        ) from error
    except (ParseError, ValueError) as error:
        raise ManifestInvalid(f"{name} is not well-formed XML: {error}") from error


def _score(value: str, *, name: str, scale: float) -> float | None:
    if not value:
        return None
    try:
        score = float(value) / scale
    except ValueError:
        raise ManifestInvalid(
            f"{name}: the mastery score {value!r} is not a number."
        ) from None
    if not 0.0 <= score <= 1.0:
        raise ManifestInvalid(f"{name}: the mastery score {value!r} is out of range.")
    return score


# cmi5 -------------------------------------------------------------------------


def cmi5_structure(root: Element) -> PackageStructure:
    name = "cmi5.xml"
    course = _child(root, "course")
    if _local(root.tag) != "courseStructure" or course is None:
        raise ManifestInvalid(f"{name} has no <courseStructure><course> element.")
    course_id = _attribute(course, "id")
    if not course_id:
        raise ManifestInvalid(f"{name}: the <course> element has no id.")
    units = []
    for au in _descendants(root, "au"):
        au_id = _attribute(au, "id")
        title = _langstring(_child(au, "title")) or au_id
        url = _text(_child(au, "url"))
        if not au_id or not url:
            raise ManifestInvalid(
                f"{name}: the AU {title!r} needs both an id and a url."
            )
        move_on = _attribute(au, "moveOn") or "NotApplicable"
        if move_on not in MOVE_ON:
            raise ManifestInvalid(f"{name}: the AU {title!r} has moveOn {move_on!r}.")
        method = _attribute(au, "launchMethod") or "AnyWindow"
        if method not in LAUNCH_METHODS:
            raise ManifestInvalid(
                f"{name}: the AU {title!r} has launchMethod {method!r}."
            )
        units.append(
            Unit(
                id=au_id,
                title=title,
                url=url,
                parameters=_text(_child(au, "launchParameters")),
                move_on=move_on,
                mastery_score=_score(
                    _attribute(au, "masteryScore"), name=name, scale=1.0
                ),
                launch_method=method,
                entitlement_key=_text(_child(au, "entitlementKey")),
            )
        )
    if not units:
        raise ManifestInvalid(f"{name} lists no AU (<au> element).")
    return PackageStructure(
        kind="cmi5",
        title=_langstring(_child(course, "title")) or course_id,
        course_id=course_id,
        units=tuple(units),
    )


# SCORM ------------------------------------------------------------------------


def _scorm_version(root: Element) -> tuple[str, str]:
    metadata = _child(root, "metadata")
    version = _text(_child(root if metadata is None else metadata, "schemaversion"))
    if version == "1.2":
        return "scorm12", ""
    for edition in ("2nd", "3rd", "4th"):
        if version.startswith("2004") and edition in version:
            return "scorm2004", edition
    if version in ("CAM 1.3", "2004"):
        return "scorm2004", ""
    namespaces = " ".join(str(key) for key in root.attrib) + " ".join(
        node.tag for node in root.iter() if isinstance(node.tag, str)
    )
    if "adlcp_rootv1p2" in namespaces:
        return "scorm12", ""
    if "adlcp_v1p3" in namespaces or "imsss" in namespaces:
        return "scorm2004", ""
    raise ManifestInvalid(
        "imsmanifest.xml does not say which SCORM version it is "
        f"(schemaversion {version!r}; expected 1.2 or 2004 3rd/4th Edition)."
    )


def _base_join(*parts: str) -> str:
    path = ""
    for part in parts:
        if part:
            path = posixpath.join(path, part) if path else part
    return path


def _mastery_2004(item: Element) -> float | None:
    for objective in _descendants(item, "primaryObjective"):
        if _attribute(objective, "satisfiedByMeasure") == "true":
            measure = _child(objective, "minNormalizedMeasure")
            return _score(_text(measure), name="imsmanifest.xml", scale=1.0)
    return None


def scorm_structure(root: Element) -> PackageStructure:
    name = "imsmanifest.xml"
    if _local(root.tag) != "manifest":
        raise ManifestInvalid(f"{name} has no <manifest> root element.")
    kind, edition = _scorm_version(root)
    resources_element = _child(root, "resources")
    if resources_element is None:
        raise ManifestInvalid(f"{name} has no <resources> element.")
    base = _base_join(root.get(XML_BASE, ""), resources_element.get(XML_BASE, ""))
    resources = {
        _attribute(resource, "identifier"): resource
        for resource in _children(resources_element, "resource")
    }
    organizations = _child(root, "organizations")
    organization_list, default = [], ""
    if organizations is not None:
        organization_list = _children(organizations, "organization")
        default = _attribute(organizations, "default")
    organization = next(
        (org for org in organization_list if _attribute(org, "identifier") == default),
        organization_list[0] if organization_list else None,
    )
    units = []
    items = _descendants(organization, "item") if organization is not None else []
    for item in items:
        ref = _attribute(item, "identifierref")
        resource = resources.get(ref)
        if not ref:
            continue
        if resource is None or not _attribute(resource, "href"):
            raise ManifestInvalid(
                f"{name}: the item {_attribute(item, 'identifier')!r} points at "
                f"resource {ref!r}, which is missing or has no href."
            )
        href = _base_join(
            base, resource.get(XML_BASE, ""), _attribute(resource, "href")
        )
        mastery = (
            _score(_text(_child(item, "masteryscore")), name=name, scale=100.0)
            if kind == "scorm12"
            else _mastery_2004(item)
        )
        units.append(
            Unit(
                id=_attribute(item, "identifier") or ref,
                title=_text(_child(item, "title")) or ref,
                url=href,
                parameters=_attribute(item, "parameters"),
                mastery_score=mastery,
            )
        )
    if not units:
        raise ManifestInvalid(
            f"{name} names nothing to launch: no <item> with an identifierref "
            "to a <resource> with an href."
        )
    title = _text(_child(organization, "title")) if organization is not None else ""
    return PackageStructure(
        kind=kind,
        title=title or _attribute(root, "identifier") or units[0].title,
        course_id=_attribute(root, "identifier"),
        units=tuple(units),
        edition=edition,
    )


# Tin Can ----------------------------------------------------------------------


def tincan_structure(root: Element) -> PackageStructure:
    name = "tincan.xml"
    activities = [
        activity
        for activity in _descendants(root, "activity")
        if _text(_child(activity, "launch"))
    ]
    if not activities:
        raise ManifestInvalid(f"{name} has no <activity> with a <launch> element.")
    courses = [a for a in activities if _attribute(a, "type").endswith("/course")]
    main = (courses or activities)[0]
    activity_id = _attribute(main, "id")
    if not activity_id:
        raise ManifestInvalid(f"{name}: the launched activity has no id.")
    title = _langstring(_child(main, "name")) or activity_id
    unit = Unit(id=activity_id, title=title, url=_text(_child(main, "launch")))
    return PackageStructure(
        kind="tincan", title=title, course_id=activity_id, units=(unit,)
    )


PARSERS = {
    "cmi5.xml": cmi5_structure,
    "imsmanifest.xml": scorm_structure,
    "tincan.xml": tincan_structure,
}


def launch_path(url: str) -> str | None:
    """The file a unit's URL launches, relative to the package root; None when
    the URL is absolute (a cmi5 AU hosted elsewhere)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return unquote(parts.path)


def _launch_files_check(structure: PackageStructure, names: set[str]) -> None:
    for unit in structure.units:
        path = launch_path(unit.url)
        if path is None:
            if structure.kind != "cmi5":
                raise ManifestInvalid(
                    f"The launch URL {unit.url!r} of {unit.title!r} is not a file "
                    "in the package."
                )
            continue
        normal = posixpath.normpath(path)
        if path.startswith("/") or normal.startswith(".."):
            raise ManifestInvalid(
                f"The launch file {path!r} of {unit.title!r} is outside the package."
            )
        if normal not in names:
            raise ManifestInvalid(
                f"The launch file {normal!r} of {unit.title!r} is not in the zip."
            )


def structure_read(zip: zipfile.ZipFile) -> PackageStructure:
    """The package's structure from the manifest at the zip's root; checks that
    every launch file named is in the zip."""
    names = {info.filename for info in zip.infolist() if not info.is_dir()}
    manifest = next((name for name in MANIFESTS if name in names), None)
    if manifest is None:
        raise ManifestInvalid(
            "There is no manifest at the root of the zip: expected cmi5.xml (cmi5), "
            "imsmanifest.xml (SCORM 1.2 or 2004) or tincan.xml (Tin Can). Zip the "
            "package's contents, not the folder that holds them."
        )
    info = zip.getinfo(manifest)
    if info.file_size > MANIFEST_MAX_BYTES:
        raise ManifestInvalid(f"{manifest} is too large ({info.file_size} bytes).")
    with zip.open(info) as handle:
        data = handle.read(MANIFEST_MAX_BYTES + 1)
    if len(data) > MANIFEST_MAX_BYTES:
        raise ManifestInvalid(f"{manifest} is too large.")
    structure = PARSERS[manifest](_parse(manifest, data))
    _launch_files_check(structure, names)
    return structure
