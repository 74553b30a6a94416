"""A fake package driving the LRS over HTTP as a cmi5 AU or a Storyline course
would: launched from the package page's button by a signed-in learner, then
talking to /xapi/ from its own (cookie-less) client with what the launch URL
gave it."""

from __future__ import annotations

import base64
import html
import io
import json
import re
import uuid
import zipfile
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.documents.models import Document

from modules.models import PackageModulePage, TilePage
from modules.packages.cmi5_rules import (
    CATEGORY_CMI5,
    CATEGORY_MOVE_ON,
    LAUNCH_DATA,
)
from modules.packages.services import package_install

VERSION = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
ADL = "http://adlnet.gov/expapi/verbs/"
PUBLISHER = "https://content.example.org/courses/record-boxes"
PAGE = b"<!doctype html><html><head><title>AU</title></head><body>AU</body></html>"


def cmi5_xml(*aus: tuple[str, str, str]) -> str:
    """A course of AUs given as (id suffix, moveOn, masteryScore or "")."""
    units = "".join(
        f'<au id="{PUBLISHER}/{suffix}" moveOn="{move_on}"'
        + (f' masteryScore="{mastery}"' if mastery else "")
        + f"><title><langstring lang='en-GB'>AU {suffix}</langstring></title>"
        "<description><langstring lang='en-GB'>An AU.</langstring></description>"
        f"<url>{suffix}/index.html</url>"
        "<launchParameters>level=2</launchParameters>"
        "<entitlementKey>key-1</entitlementKey></au>"
        for suffix, move_on, mastery in aus
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">'
        f'<course id="{PUBLISHER}"><title><langstring lang="en-GB">Record boxes'
        '</langstring></title><description><langstring lang="en-GB">Boxes.'
        f"</langstring></description></course>{units}</courseStructure>"
    )


TINCAN_COURSE = "https://content.example.org/tincan/closing"
TINCAN_XML = f"""<?xml version="1.0" encoding="utf-8" ?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
<activity id="{TINCAN_COURSE}" type="http://adlnet.gov/expapi/activities/course">
<name lang="en-US">Closing a crime</name>
<description lang="en-US">A course.</description>
<launch lang="en-us">story.html</launch></activity></activities></tincan>"""


def package_page(tile: TilePage, files: dict, *, slug: str) -> PackageModulePage:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    document = Document(title=f"{slug}.zip")
    document.file.save(f"{slug}.zip", ContentFile(buffer.getvalue()), save=False)
    document.save()
    page = PackageModulePage(title=f"Package {slug}", slug=slug, package=document)
    package_install(page=page)
    tile.add_child(instance=page)
    page.save_revision().publish()
    return page


def cmi5_page(tile: TilePage, *aus, slug: str = "record-boxes") -> PackageModulePage:
    files = {"cmi5.xml": cmi5_xml(*aus)}
    files.update({f"{suffix}/index.html": PAGE for suffix, _m, _s in aus})
    return package_page(tile, files, slug=slug)


def tincan_page(tile: TilePage, slug: str = "closing") -> PackageModulePage:
    return package_page(tile, {"tincan.xml": TINCAN_XML, "story.html": PAGE}, slug=slug)


def launch(learner: Client, page: PackageModulePage, unit: int = 0, **form) -> str:
    """Press the page's Start button; the URL the player frames."""
    response = learner.post(f"/packages/launch/{page.pk}/{unit}/", form, follow=True)
    assert response.status_code == 200, response.content[:500]
    found = re.search(r'data-testid="package-frame"', response.text)
    assert found, response.text[:2000]
    src = re.search(r'<iframe[^>]*\ssrc="([^"]+)"', response.text).group(1)
    return html.unescape(src)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


class FakeAU:
    """What runs in the frame: its own client, no cookies."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.params = query_of(url)
        self.client = Client()
        self.auth = ""
        self.template: dict = {}

    @property
    def actor(self) -> dict:
        return json.loads(self.params["actor"])

    def fetch(self):
        return self.client.post(self.params["fetch"])

    def start(self) -> dict:
        """Fetch the token and read LMS.LaunchData, as an AU starts."""
        token = self.fetch().json()["auth-token"]
        self.auth = f"Basic {token}"
        data = self.state_get(LAUNCH_DATA).json()
        self.template = data["contextTemplate"]
        return data

    def headers(self) -> dict:
        return {**VERSION, "HTTP_AUTHORIZATION": self.auth}

    def _document_params(self, state_id: str, **override) -> dict:
        params = {
            "activityId": self.params["activityId"],
            "agent": json.dumps(self.actor),
            "registration": self.params["registration"],
            "stateId": state_id,
        }
        params.update(override)
        return {k: v for k, v in params.items() if v is not None}

    def state_get(self, state_id: str, **override):
        return self.client.get(
            self.params["endpoint"] + "activities/state",
            self._document_params(state_id, **override),
            **self.headers(),
        )

    def state_put(self, state_id: str, body: dict, **override):
        query = urlencode(self._document_params(state_id, **override))
        return self.client.put(
            self.params["endpoint"] + f"activities/state?{query}",
            data=json.dumps(body),
            content_type="application/json",
            **self.headers(),
        )

    def statement(self, verb: str, *, defined: bool = True, **parts) -> dict:
        """A statement with the context template (and the cmi5 category)."""
        context = json.loads(json.dumps(self.template))
        context["registration"] = self.params["registration"]
        if defined:
            activities = context.setdefault("contextActivities", {})
            categories = [{"id": CATEGORY_CMI5}]
            result = parts.get("result") or {}
            if "success" in result or "completion" in result:
                categories.append({"id": CATEGORY_MOVE_ON})
            activities["category"] = categories
        statement = {
            "id": str(uuid.uuid4()),
            "actor": self.actor,
            "verb": {"id": verb if "://" in verb else ADL + verb},
            "object": {"id": self.params["activityId"], "objectType": "Activity"},
            "context": context,
            "timestamp": timezone.now().isoformat(),
        }
        statement.update(parts)
        return statement

    def send(self, *statements: dict):
        body = statements[0] if len(statements) == 1 else list(statements)
        return self.client.post(
            self.params["endpoint"] + "statements",
            data=json.dumps(body),
            content_type="application/json",
            **self.headers(),
        )


class TinCanPackage(FakeAU):
    """A Storyline course: the credentials come in the launch URL."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.auth = self.params["auth"]
        self.params["activityId"] = self.params["activity_id"]

    def statement(self, verb: str, *, defined: bool = False, **parts) -> dict:
        statement = super().statement(verb, defined=False, **parts)
        statement["context"] = {"registration": self.params["registration"]}
        statement.update(parts)
        return statement


def basic(user: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()
