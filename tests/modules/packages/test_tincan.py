"""Tin Can packages launched as Storyline and Rise expect: the launch URL's
endpoint, auth, actor and registration work against /xapi/, limited to the
package's own activities, and the course's completion reaches our record."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.xapi.models import Progress, Statement
from modules.packages.models import PackageLaunch
from modules.packages.selectors import package_done
from tests.modules.packages.au_helpers import (
    TINCAN_COURSE,
    TinCanPackage,
    launch,
    tincan_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(sign_ins):
    return Person.objects.get(user__username="officer")


@pytest.fixture
def course(op_crystal_tile):
    return tincan_page(op_crystal_tile)


@pytest.fixture
def package(officer, course):
    learner = Client()
    learner.force_login(officer.user)
    return TinCanPackage(launch(learner, course))


def test_the_launch_url_has_what_storyline_reads(package, officer):
    params = package.params
    assert package.url.startswith("http://testserver/packages/run/")
    assert package.url.split("?")[0].endswith("/story.html")
    assert params["endpoint"] == "http://testserver/xapi/"
    assert params["auth"].startswith("Basic ")
    assert json.loads(params["actor"]) == {
        "objectType": "Agent",
        "account": {
            "homePage": "https://learning.example.police.uk",
            "name": officer.staff_number,
        },
    }
    launch_row = PackageLaunch.objects.get()
    assert params["registration"] == str(launch_row.registration)
    assert params["activity_id"] == TINCAN_COURSE
    # The file itself is served to the frame.
    assert package.client.get(package.url).status_code == 200


def test_slides_are_evidence_and_the_course_completion_is_recorded(
    package, course, officer
):
    slide = package.statement("experienced", object={"id": f"{TINCAN_COURSE}/slide1"})
    assert package.send(slide).status_code == 200
    slide_done = package.statement(
        "completed", object={"id": f"{TINCAN_COURSE}/slide1"}
    )
    assert package.send(slide_done).status_code == 200
    assert package_done(person=officer, page=course) is None
    progress = Progress.objects.get(
        person=officer, activity_id=f"{TINCAN_COURSE}/slide1"
    )
    assert progress.status == Progress.Status.IN_PROGRESS  # a claim, not a result

    completed = package.statement("completed", result={"completion": True})
    assert package.send(completed).status_code == 200
    record = package_done(person=officer, page=course)
    assert record is not None and record.status == Progress.Status.COMPLETED
    authority = Statement.objects.get(statement_id=completed["id"]).payload["authority"]
    assert authority["account"]["name"] == "package-launch"


def test_a_pass_with_a_score(package, course, officer):
    passed = package.statement(
        "passed", result={"success": True, "score": {"scaled": 0.85}}
    )
    assert package.send(passed).status_code == 200
    record = package_done(person=officer, page=course)
    assert record.status == Progress.Status.PASSED and record.best_score == 0.85


def test_a_fail_is_recorded_but_is_not_done(package, course, officer):
    failed = package.statement(
        "failed",
        result={"success": False, "completion": True, "score": {"scaled": 0.2}},
    )
    assert package.send(failed).status_code == 200
    assert package_done(person=officer, page=course) is None
    progress = Progress.objects.get(person=officer, activity_id=course.activity_id)
    assert progress.status == Progress.Status.FAILED


def test_only_its_own_activities_registration_and_state(package):
    other = package.statement("completed", object={"id": "https://else.example/x"})
    assert package.send(other).status_code == 403
    wrong = package.statement("experienced")
    wrong["context"]["registration"] = "6f1e1b5c-1111-4c1b-9d36-5b2c1a0c1f00"
    assert package.send(wrong).status_code == 403

    assert package.state_put("resume", {"slide": 4}).status_code == 204
    assert package.state_get("resume").json() == {"slide": 4}
    elsewhere = package.state_get("resume", activityId="https://else.example/x")
    assert elsewhere.status_code == 403


def test_an_expired_launch_is_refused(package):
    PackageLaunch.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = package.send(package.statement("experienced"))
    assert response.status_code == 401
