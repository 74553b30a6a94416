"""Each kind of manifest is read into the same structure; bad ones are refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from modules.packages.manifests import (
    ManifestInvalid,
    PackageStructure,
    Unit,
    structure_read,
)
from tests.modules.packages.factories import (
    PACKAGES,
    PAGE,
    SCORM12_XML,
    zip_bytes,
)


def read(files: dict) -> PackageStructure:
    return structure_read(zipfile.ZipFile(io.BytesIO(zip_bytes(files))))


def test_cmi5_course_and_aus_blocks_flattened():
    structure = read(PACKAGES["cmi5"])
    assert structure.kind == "cmi5"
    assert structure.title == "Record boxes"
    assert structure.course_id == "https://example.police.uk/courses/record-boxes"
    first, second = structure.units
    assert first == Unit(
        id="https://example.police.uk/courses/record-boxes/au1",
        title="The record boxes",
        url="au1/index.html?start=1",
        parameters='{"level": 2}',
        move_on="CompletedAndPassed",
        mastery_score=0.8,
        launch_method="AnyWindow",
        entitlement_key="key-1",
    )
    # An AU hosted elsewhere keeps its absolute URL; the defaults are the spec's.
    assert second.url == "https://content.example.org/au2/"
    assert (second.move_on, second.launch_method) == ("NotApplicable", "AnyWindow")


def test_scorm_12_item_with_mastery_score_and_parameters():
    structure = read(PACKAGES["scorm12"])
    assert (structure.kind, structure.edition) == ("scorm12", "")
    assert structure.title == "Victim care"
    assert structure.course_id == "com.example.victim-care"
    [unit] = structure.units
    assert (unit.id, unit.title, unit.url) == (
        "item1",
        "Victim care: part 1",
        "index.html",
    )
    assert unit.parameters == "?part=1" and unit.mastery_score == 0.8


def test_scorm_2004_default_organization_nested_items_and_xml_base():
    structure = read(PACKAGES["scorm2004"])
    assert (structure.kind, structure.edition) == ("scorm2004", "4th")
    assert structure.title == "Record boxes (SCORM)"
    [unit] = structure.units  # the default organization's leaf item only
    assert unit.id == "sco1" and unit.title == "The exercise"
    assert unit.url == "content/sco/start.html"
    assert unit.mastery_score == 0.75


def test_scorm_2004_third_edition():
    files = dict(PACKAGES["scorm2004"])
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        "2004 4th Edition", "2004 3rd Edition"
    )
    assert read(files).edition == "3rd"


def test_tincan_course_activity_and_launch():
    structure = read(PACKAGES["tincan"])
    assert structure.kind == "tincan"
    assert structure.course_id == "https://example.police.uk/tincan/closing"
    [unit] = structure.units
    assert (unit.title, unit.url) == ("Closing a crime", "story.html")


def test_the_structure_survives_json():
    structure = read(PACKAGES["cmi5"])
    assert PackageStructure.from_json(structure.to_json()) == structure


def test_cmi5_wins_over_the_other_manifests():
    files = {**PACKAGES["scorm12"], **PACKAGES["cmi5"]}
    assert read(files).kind == "cmi5"


def test_no_manifest_at_the_root_names_the_three():
    with pytest.raises(ManifestInvalid) as error:
        read({"course/imsmanifest.xml": SCORM12_XML, "course/index.html": PAGE})
    message = str(error.value)
    assert "cmi5.xml" in message and "imsmanifest.xml" in message
    assert "tincan.xml" in message


def test_a_manifest_that_does_not_parse_says_which_and_why():
    with pytest.raises(ManifestInvalid) as error:
        read({"imsmanifest.xml": "<manifest><organizations>", "index.html": PAGE})
    assert "imsmanifest.xml is not well-formed XML" in str(error.value)


def test_entities_are_refused_billion_laughs():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><tincan>&lol2;</tincan>'
    )
    with pytest.raises(ManifestInvalid) as error:
        read({"tincan.xml": bomb})
    assert "tincan.xml" in str(error.value) and "refused" in str(error.value)


def test_a_missing_launch_file_is_named():
    with pytest.raises(ManifestInvalid) as error:
        read({"imsmanifest.xml": SCORM12_XML})
    assert "'index.html'" in str(error.value) and "not in the zip" in str(error.value)


def test_a_launch_file_outside_the_package_is_refused():
    manifest = SCORM12_XML.replace('href="index.html"', 'href="../../etc/passwd"')
    with pytest.raises(ManifestInvalid, match="outside the package"):
        read({"imsmanifest.xml": manifest, "index.html": PAGE})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('moveOn="CompletedAndPassed"', 'moveOn="Whenever"'), "moveOn"),
        (('masteryScore="0.8"', 'masteryScore="80"'), "out of range"),
        (('launchMethod="AnyWindow"', 'launchMethod="Popup"'), "launchMethod"),
        (("<url>au1/index.html?start=1</url>", ""), "needs both an id and a url"),
    ],
)
def test_cmi5_values_outside_the_spec_are_refused(change, message):
    files = dict(PACKAGES["cmi5"])
    files["cmi5.xml"] = files["cmi5.xml"].replace(*change)
    with pytest.raises(ManifestInvalid, match=message):
        read(files)


def test_a_scorm_manifest_without_a_version_is_refused():
    manifest = (
        '<manifest identifier="m"><organizations><organization identifier="o">'
        '<item identifier="i" identifierref="r"/></organization></organizations>'
        '<resources><resource identifier="r" href="index.html"/></resources></manifest>'
    )
    with pytest.raises(ManifestInvalid, match="which SCORM version"):
        read({"imsmanifest.xml": manifest, "index.html": PAGE})
