"""The SCORM runtime's server side: the launch HTML carries the runtime, the
commits scorm-again sends are kept, recorded and judged, a suspended attempt
resumes, and a hostile browser gets a 4xx, never a 500."""

from __future__ import annotations

import copy
import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crystal_learning.programmes.models import Requirement
from crystal_learning.programmes.selectors import requirement_met
from crystal_learning.xapi.agents import PACKAGE_LAUNCH
from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.vocabulary import Verb
from modules.packages.models import PackageLaunch, PackageModulePage
from modules.packages.services import (
    file_token,
    launch_file_url,
    launch_start,
    package_install,
)
from tests.modules.factories import tile_page
from tests.modules.packages.factories import (
    PAGE,
    package_document,
    package_module,
    zip_bytes,
)
from tests.people.factories import PersonFactory

CONFIG = re.compile(
    r'<script type="application/json" id="crystal-scorm-config">(.*?)</script>'
)

#: A SCORM 1.2 commit as scorm-again 3.4.3 sends it (dataCommitFormat "json").
COMMIT_12 = {
    "cmi": {
        "suspend_data": "slide=3",
        "launch_data": "",
        "comments": "",
        "comments_from_lms": "",
        "core": {
            "student_id": "someone-else",
            "student_name": "Not me",
            "lesson_location": "slide-3",
            "credit": "credit",
            "lesson_status": "completed",
            "entry": "ab-initio",
            "lesson_mode": "normal",
            "exit": "",
            "session_time": "00:00:00",
            "score": {"raw": "85", "min": "0", "max": "100"},
        },
        "objectives": {},
        "student_data": {
            "mastery_score": "0",
            "max_time_allowed": "",
            "time_limit_action": "",
        },
        "student_preference": {"audio": "", "language": "", "speed": "", "text": ""},
        "interactions": {
            "0": {
                "id": "q1",
                "time": "",
                "type": "choice",
                "weighting": "",
                "student_response": "a,c",
                "result": "correct",
                "latency": "00:00:12",
                "objectives": {},
                "correct_responses": {"0": {"pattern": "a,c"}},
            }
        },
    }
}

#: A SCORM 2004 commit as scorm-again 3.4.3 sends it.
COMMIT_2004 = {
    "cmi": {
        "comments_from_learner": {},
        "comments_from_lms": {},
        "completion_status": "incomplete",
        "completion_threshold": "",
        "credit": "credit",
        "entry": "ab-initio",
        "exit": "",
        "interactions": {},
        "launch_data": "",
        "learner_id": "S00001",
        "learner_name": "Officer",
        "learner_preference": {
            "audio_level": "1",
            "language": "",
            "delivery_speed": "1",
            "audio_captioning": "0",
        },
        "location": "box-2",
        "max_time_allowed": "",
        "mode": "normal",
        "objectives": {},
        "progress_measure": "0.4",
        "scaled_passing_score": "0.1",
        "score": {"scaled": "", "raw": "", "min": "", "max": ""},
        "session_time": "PT0H0M0S",
        "success_status": "unknown",
        "suspend_data": '{"ticked":[1,2]}',
        "time_limit_action": "continue,no message",
    }
}


@pytest.fixture
def officer(db):
    return PersonFactory(display_name="PC Alex Morgan")


@pytest.fixture
def tile(db):
    return tile_page()


def launched(page, person, unit_id, mode="Normal"):
    launch, _secret = launch_start(page=page, person=person, unit_id=unit_id, mode=mode)
    return launch


def runtime_config(launch) -> dict:
    """The configuration in the launch HTML as the sandboxed frame gets it."""
    response = Client().get(
        launch_file_url(launch, launch.page.package_structure.units[0].url)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("crystal-scorm-config") < html.index("<title>")
    return json.loads(CONFIG.search(html).group(1))


def post(url: str, body, **headers):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return Client().post(
        url, data=data, content_type="text/plain;charset=UTF-8", **headers
    )


def with_(base: dict, terminate=False, **changes) -> dict:
    body = copy.deepcopy(base)
    for dotted, value in changes.items():
        target = body["cmi"]
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[part]
        target[last] = value
    if terminate:
        body["terminate"] = True
    return body


def verbs(person) -> list[str]:
    return [
        verb.rsplit("/", 1)[-1]
        for verb in Statement.objects.filter(
            person=person, payload__authority__account__name=PACKAGE_LAUNCH
        )
        .order_by("seq")
        .values_list("verb_id", flat=True)
    ]


def package_record(person, page) -> Progress | None:
    return Progress.objects.filter(person=person, activity_id=page.activity_id).first()


def test_the_launch_html_carries_scorm_again_and_the_learner(officer, tile):
    page = package_module(tile=tile, kind="scorm12")
    launch = launched(page, officer, "item1")
    response = Client().get(launch_file_url(launch, "index.html"))
    html = response.content.decode()
    assert "crystal_modules/vendor/scorm-again/scorm12.min.js" in html
    assert "crystal_modules/js/scorm_runtime.js" in html
    config = runtime_config(launch)
    assert config["version"] == "scorm12"
    assert config["commitUrl"].startswith("/packages/scorm/")
    assert config["cmi"]["core"] == {
        "student_id": officer.staff_number,
        "student_name": "PC Alex Morgan",
        "credit": "credit",
        "lesson_mode": "normal",
        "entry": "ab-initio",
    }
    assert config["cmi"]["student_data"] == {"mastery_score": "80"}
    vendor = Client().get("/static/crystal_modules/vendor/scorm-again/scorm12.min.js")
    assert vendor.status_code == 200


def test_a_scorm12_attempt_passed_meets_the_requirement(officer, tile):
    page = package_module(tile=tile, kind="scorm12")
    launch = launched(page, officer, "item1")
    url = runtime_config(launch)["commitUrl"]

    response = post(url, COMMIT_12)
    assert response.status_code == 200
    assert response.json() == {"result": "true", "errorCode": 0}
    assert response["Access-Control-Allow-Origin"] == "*"
    launch.refresh_from_db()
    core = launch.cmi["cmi"]["core"]
    assert core["lesson_location"] == "slide-3"
    assert "student_id" not in core  # what the LMS gives is never taken back
    assert launch.cmi["cmi"]["suspend_data"] == "slide=3"
    assert launch.initialized_at is not None and launch.terminated_at is None

    finish = with_(COMMIT_12, terminate=True, core__session_time="00:05:00")
    assert post(url, finish).status_code == 200
    assert verbs(officer) == [
        "initialized",
        "responded",
        "scored",
        "completed",
        "passed",
        "terminated",
    ]
    launch.refresh_from_db()
    assert launch.passed_at and launch.satisfied_at and launch.terminated_at
    assert launch.score_scaled == 0.85
    record = package_record(officer, page)
    assert record.status == Progress.Status.PASSED
    assert record.best_score == 0.85
    requirement = Requirement(kind=Requirement.Kind.PACKAGE, package=page)
    assert requirement_met(requirement, record)
    # The same commit again (a retry) records nothing twice.
    assert post(url, finish).status_code == 200
    assert len(verbs(officer)) == 6


def test_a_scorm12_score_below_the_mastery_score_fails(officer, tile):
    page = package_module(tile=tile, kind="scorm12")
    launch = launched(page, officer, "item1")
    url = runtime_config(launch)["commitUrl"]
    body = with_(
        COMMIT_12, terminate=True, core__score={"raw": "60", "min": "0", "max": "100"}
    )
    assert post(url, body).status_code == 200
    assert "failed" in verbs(officer)
    record = package_record(officer, page)
    assert record.status == Progress.Status.FAILED
    requirement = Requirement(kind=Requirement.Kind.PACKAGE, package=page)
    assert not requirement_met(requirement, record)


def test_a_suspended_scorm2004_attempt_resumes_in_the_next_launch(officer, tile):
    page = package_module(tile=tile, kind="scorm2004")
    first = launched(page, officer, "sco1")
    url = runtime_config(first)["commitUrl"]
    suspend = with_(COMMIT_2004, terminate=True, exit="suspend", session_time="PT2M")
    assert post(url, suspend).status_code == 200
    assert verbs(officer) == ["initialized", "suspended"]
    assert package_record(officer, page) is None  # nothing done yet
    # An autocommit still in flight when the SCO finished arrives late: it is
    # refused, and the attempt stays suspended.
    late = with_(COMMIT_2004, location="box-1")
    assert post(url, late).status_code == 409
    first.refresh_from_db()
    assert first.cmi["cmi"]["exit"] == "suspend"

    second = launched(page, officer, "sco1")
    config = runtime_config(second)
    assert config["cmi"]["entry"] == "resume"
    assert config["cmi"]["location"] == "box-2"
    assert config["cmi"]["suspend_data"] == '{"ticked":[1,2]}'
    assert config["cmi"]["scaled_passing_score"] == "0.75"
    assert "exit" not in config["cmi"]

    done = with_(
        COMMIT_2004,
        terminate=True,
        entry="resume",
        completion_status="completed",
        success_status="passed",
        score={"scaled": "0.9", "raw": "9", "min": "0", "max": "10"},
    )
    assert post(config["commitUrl"], done).status_code == 200
    assert verbs(officer) == [
        "initialized",
        "suspended",
        "resumed",
        "scored",
        "completed",
        "passed",
        "terminated",
    ]
    attempts = {
        statement.payload["context"]["contextActivities"]["grouping"][1]["id"]
        for statement in Statement.objects.filter(
            person=officer, verb_id__in=[Verb.SUSPENDED, Verb.RESUMED]
        )
    }
    assert len(attempts) == 1  # the resumed attempt is the same attempt
    assert package_record(officer, page).status == Progress.Status.PASSED


def test_after_a_normal_exit_the_next_launch_starts_afresh(officer, tile):
    page = package_module(tile=tile, kind="scorm2004")
    first = launched(page, officer, "sco1")
    body = with_(COMMIT_2004, terminate=True, exit="normal")
    assert post(runtime_config(first)["commitUrl"], body).status_code == 200
    config = runtime_config(launched(page, officer, "sco1"))
    assert config["cmi"]["entry"] == "ab-initio"
    assert "suspend_data" not in config["cmi"] and "location" not in config["cmi"]


def test_a_passing_score_below_the_scaled_passing_score_is_a_fail(officer, tile):
    page = package_module(tile=tile, kind="scorm2004")
    launch = launched(page, officer, "sco1")
    body = with_(
        COMMIT_2004,
        completion_status="completed",
        success_status="passed",
        score={"scaled": "0.5", "raw": "", "min": "", "max": ""},
    )
    assert post(runtime_config(launch)["commitUrl"], body).status_code == 200
    assert package_record(officer, page).status == Progress.Status.FAILED


def test_browse_mode_records_no_outcome(officer, tile):
    page = package_module(tile=tile, kind="scorm12")
    launch = launched(page, officer, "item1", mode="Browse")
    config = runtime_config(launch)
    assert config["cmi"]["core"]["credit"] == "no-credit"
    assert config["cmi"]["core"]["lesson_mode"] == "browse"
    assert (
        post(config["commitUrl"], with_(COMMIT_12, terminate=True)).status_code == 200
    )
    record = package_record(officer, page)
    assert record is None or record.status == Progress.Status.IN_PROGRESS


def test_the_sandbox_may_preflight_the_commit(officer, tile):
    page = package_module(tile=tile, kind="scorm12")
    url = runtime_config(launched(page, officer, "item1"))["commitUrl"]
    response = Client().options(url, HTTP_ORIGIN="null")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert Client().get(url).status_code == 405


@pytest.mark.parametrize(
    "token", ["nonsense", "e30:1tZx:forged", "WyJ4Il0:1tZx:abcdefghijklmnop"]
)
def test_a_bad_token_is_refused(officer, tile, token):
    response = post(f"/packages/scorm/{token}/commit", COMMIT_12)
    assert response.status_code == 403
    assert response.json()["result"] == "false"


def test_a_file_token_is_not_a_commit_token(officer, tile):
    page = package_module(tile=tile, kind="scorm12")
    launch = launched(page, officer, "item1")
    response = post(f"/packages/scorm/{file_token(launch)}/commit", COMMIT_12)
    assert response.status_code == 403


def test_an_expired_launch_cannot_commit(officer, tile):
    page = package_module(tile=tile, kind="scorm12")
    launch = launched(page, officer, "item1")
    url = runtime_config(launch)["commitUrl"]
    PackageLaunch.objects.filter(pk=launch.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = post(url, COMMIT_12)
    assert response.status_code == 403
    assert "expired" in response.json()["error"]


def test_an_inactive_person_cannot_commit(officer, tile):
    page = package_module(tile=tile, kind="scorm12")
    url = runtime_config(launched(page, officer, "item1"))["commitUrl"]
    officer.active = False
    officer.save()
    assert post(url, COMMIT_12).status_code == 403


DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "not valid JSON"),
        ("[]", "cmi"),
        ({"cmi": "x"}, "cmi"),
        ({"cmi": {}, "terminate": "yes"}, "terminate"),
        (with_(COMMIT_12, core__lesson_status="finished"), "cmi.core.lesson_status"),
        (with_(COMMIT_12, core__lesson_status=12345), "cmi.core.lesson_status"),
        (with_(COMMIT_12, core__lesson_status={"a": 1}), "cmi.core.lesson_status"),
        (with_(COMMIT_12, core__score={"raw": "abc"}), "cmi.core.score.raw"),
        (with_(COMMIT_12, core__score=[1, 2]), "cmi.core.score"),
        (with_(COMMIT_12, core__session_time="5 minutes"), "cmi.core.session_time"),
        (with_(COMMIT_12, suspend_data="x" * 64001), "cmi.suspend_data"),
        (with_(COMMIT_12, suspend_data="a\u0000b"), "NUL"),
        (with_(COMMIT_12, interactions={"x": {}}), "cmi.interactions"),
        (
            with_(COMMIT_12, interactions={str(n): {"id": "q"} for n in range(501)}),
            "more than 500",
        ),
        (
            with_(COMMIT_12, interactions={"0": {"type": "essay"}}),
            "cmi.interactions.0.type",
        ),
        ('{"cmi": {"core": {"score": {"raw": NaN}}}}', "NaN"),
        ('{"cmi": {}, "cmi": {}}', "twice"),
        ('{"cmi": {"suspend_data": ' + DEEP + "}}", "nested"),
    ],
)
def test_hostile_bodies_are_refused_with_a_400(officer, tile, body, message):
    page = package_module(tile=tile, kind="scorm12")
    launch = launched(page, officer, "item1")
    response = post(runtime_config(launch)["commitUrl"], body)
    assert response.status_code == 400
    assert response.json()["result"] == "false"
    assert message in response.json()["error"]
    launch.refresh_from_db()
    assert launch.cmi == {} and verbs(officer) == []


def test_a_body_over_the_size_limit_is_refused(officer, tile):
    page = package_module(tile=tile, kind="scorm2004")
    launch = launched(page, officer, "sco1")
    body = with_(COMMIT_2004, suspend_data="x" * (1024 * 1024))
    response = post(runtime_config(launch)["commitUrl"], body)
    assert response.status_code == 413
    assert PackageLaunch.objects.get(pk=launch.pk).cmi == {}


TWO_SCOS = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.two-parts" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Two parts</title>
    <item identifier="part1" identifierref="r1"><title>Part 1</title></item>
    <item identifier="part2" identifierref="r2"><title>Part 2</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="one.html"/>
    <resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="two.html"/>
  </resources>
</manifest>
"""


def test_a_package_of_two_scos_is_done_when_both_are(officer, tile):
    files = {"imsmanifest.xml": TWO_SCOS, "one.html": PAGE, "two.html": PAGE}
    page = PackageModulePage(
        title="Two parts", slug="two-parts", package=package_document(zip_bytes(files))
    )
    package_install(page=page)
    tile.add_child(instance=page)
    page.save_revision().publish()
    done = with_(
        COMMIT_12, terminate=True, core__score={"raw": "", "min": "", "max": ""}
    )

    first = launched(page, officer, "part1")
    assert post(runtime_config(first)["commitUrl"], done).status_code == 200
    assert package_record(officer, page) is None
    assert PackageLaunch.objects.get(pk=first.pk).satisfied_at is not None

    second = launched(page, officer, "part2")
    response = Client().get(launch_file_url(second, "two.html"))
    url = json.loads(CONFIG.search(response.content.decode()).group(1))["commitUrl"]
    assert post(url, done).status_code == 200
    assert package_record(officer, page).status == Progress.Status.COMPLETED
