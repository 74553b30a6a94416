"""Builders for package tests: zips made in the test, small manifests, pages."""

from __future__ import annotations

import io
import stat
import zipfile

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import nested_form_data

from modules.models import PackageModulePage, TilePage
from modules.packages.services import package_install

CMI5_XML = """<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.police.uk/courses/record-boxes">
    <title><langstring lang="en-GB">Record boxes</langstring></title>
    <description><langstring lang="en-GB">Fill in the boxes.</langstring></description>
  </course>
  <block id="https://example.police.uk/courses/record-boxes/block">
    <title><langstring lang="en-GB">Block</langstring></title>
    <au id="https://example.police.uk/courses/record-boxes/au1"
        moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="AnyWindow">
      <title>
        <langstring lang="fr">Boîtes</langstring>
        <langstring lang="en-GB">The record boxes</langstring>
      </title>
      <description><langstring lang="en-GB">An exercise.</langstring></description>
      <url>au1/index.html?start=1</url>
      <launchParameters>{"level": 2}</launchParameters>
      <entitlementKey>key-1</entitlementKey>
    </au>
  </block>
  <au id="https://example.police.uk/courses/record-boxes/au2">
    <title><langstring lang="en-GB">Check your answers</langstring></title>
    <url>https://content.example.org/au2/</url>
  </au>
</courseStructure>
"""

SCORM12_XML = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.victim-care" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1">
      <title>Victim care</title>
      <item identifier="item1" identifierref="res1" parameters="?part=1">
        <title>Victim care: part 1</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco"
              href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""

SCORM2004_XML = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.record-boxes" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata>
    <schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="main">
    <organization identifier="other"><title>Not this one</title>
      <item identifier="x" identifierref="r1"><title>X</title></item>
    </organization>
    <organization identifier="main">
      <title>Record boxes (SCORM)</title>
      <item identifier="module">
        <title>Module</title>
        <item identifier="sco1" identifierref="r1">
          <title>The exercise</title>
          <imsss:sequencing><imsss:objectives>
            <imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives></imsss:sequencing>
        </item>
      </item>
    </organization>
  </organizations>
  <resources xml:base="content/">
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco"
              xml:base="sco/" href="start.html"/>
  </resources>
</manifest>
"""

TINCAN_XML = """<?xml version="1.0" encoding="utf-8" ?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="https://example.police.uk/tincan/closing" type="http://adlnet.gov/expapi/activities/course">
      <name lang="en-US">Closing a crime</name>
      <description lang="en-US">A short course.</description>
      <launch lang="en-us">story.html</launch>
    </activity>
    <activity id="https://example.police.uk/tincan/closing/q1" type="http://adlnet.gov/expapi/activities/cmi.interaction">
      <name>Question 1</name>
    </activity>
  </activities>
</tincan>
"""

PAGE = (
    b"<!doctype html><html><head><title>Unit</title></head>"
    b"<body><p>Hello</p></body></html>"
)

#: A small package of each kind: its files.
PACKAGES = {
    "cmi5": {"cmi5.xml": CMI5_XML, "au1/index.html": PAGE},
    "scorm12": {"imsmanifest.xml": SCORM12_XML, "index.html": PAGE},
    "scorm2004": {
        "imsmanifest.xml": SCORM2004_XML,
        "content/sco/start.html": PAGE,
        "content/sco/app.js": b"console.log('ready');",
    },
    "tincan": {"tincan.xml": TINCAN_XML, "story.html": PAGE},
}


def zip_bytes(files: dict[str, bytes | str], *, symlinks: dict[str, str] = {}) -> bytes:  # noqa: B006
    """A zip with these members (names used as given, however hostile)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        for name, target in symlinks.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def package_document(data: bytes, name: str = "package.zip") -> Document:
    document = Document(title=name)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def package_module(
    *, tile: TilePage, kind: str = "cmi5", slug: str = "", title: str = "", **fields
) -> PackageModulePage:
    """A published package module of this kind on the tile, its files extracted."""
    page = PackageModulePage(
        title=title or f"Package {kind}",
        slug=slug or f"package-{kind}",
        package=package_document(zip_bytes(PACKAGES[kind])),
        **fields,
    )
    package_install(page=page)
    tile.add_child(instance=page)
    page.save_revision().publish()
    return page


def post_package(client, parent, document, *, slug="record-boxes", publish=True):
    data = nested_form_data(
        {
            "title": "Record boxes",
            "slug": slug,
            "summary": "Fill in the record boxes.",
            "package": document.pk,
            "estimated_minutes": "12",
            "content_version": "1",
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(
        f"/admin/pages/add/crystal_modules/packagemodulepage/{parent.pk}/", data
    )
