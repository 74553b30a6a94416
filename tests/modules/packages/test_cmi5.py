"""cmi5 launches end to end: the learner presses Start, a fake AU fetches its
token, reads LMS.LaunchData and sends its statements over HTTP; the LMS's
statements, the refusals of section 9's rules, moveOn and our own record."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import (
    AudienceRule,
    Programme,
    Requirement,
)
from crystal_learning.programmes.selectors import requirement_states
from crystal_learning.programmes.services import assignments_sync
from crystal_learning.xapi.activities import package_course_iri, package_unit_iri
from crystal_learning.xapi.models import Statement
from modules.packages.cmi5_lms import WaiveRefused, unit_waive
from modules.packages.cmi5_rules import LAUNCH_DATA, Cmi5Verb
from modules.packages.models import PackageLaunch
from modules.packages.selectors import package_done
from tests.modules.packages.au_helpers import PUBLISHER, FakeAU, cmi5_page, launch

pytestmark = pytest.mark.django_db
ONE_AU = (("au1", "CompletedAndPassed", "0.8"),)


@pytest.fixture
def officer(sign_ins):
    return Person.objects.get(user__username="officer")


@pytest.fixture
def learner(officer):
    client = Client()
    client.force_login(officer.user)
    return client


@pytest.fixture
def course(op_crystal_tile):
    return cmi5_page(op_crystal_tile, *ONE_AU)


@pytest.fixture
def au(learner, course):
    au = FakeAU(launch(learner, course))
    au.start()
    return au


def verbs_of(person: Person) -> list[str]:
    return list(
        Statement.objects.filter(person=person)
        .order_by("seq")
        .values_list("verb_id", flat=True)
    )


def test_the_launch_url_launch_data_and_launched_statement(learner, course, officer):
    au = FakeAU(launch(learner, course))
    params = au.params
    assert params["endpoint"] == "http://testserver/xapi/"
    assert params["fetch"].startswith("http://testserver/packages/cmi5/fetch/")
    assert params["activityId"] == package_unit_iri(
        course.translation_key, f"{PUBLISHER}/au1"
    )
    assert params["activityId"] != f"{PUBLISHER}/au1"  # ours, not the publisher's
    assert au.actor["account"]["name"] == officer.staff_number
    assert "name" not in au.actor and "mbox" not in au.actor
    assert au.url.split("?")[0].endswith("/au1/index.html")

    data = au.start()
    session = data["contextTemplate"]["extensions"][
        "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
    ]
    assert data["contextTemplate"]["contextActivities"]["grouping"] == [
        {"id": f"{PUBLISHER}/au1"}
    ]
    assert data["launchMode"] == "Normal"
    assert data["moveOn"] == "CompletedAndPassed"
    assert data["masteryScore"] == 0.8
    assert data["launchParameters"] == "level=2"
    assert data["entitlementKey"] == {"courseStructure": "key-1"}
    launched_row = PackageLaunch.objects.get(person=officer)
    assert data["returnURL"] == (
        f"http://testserver/packages/finished/{launched_row.pk}/"
    )
    # The return page may be framed by the player and tells it to go back.
    finished = Client().get(data["returnURL"])
    assert finished.status_code == 200
    assert finished["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in finished["Content-Security-Policy"]
    assert f'data-launch="{launched_row.pk}"' in finished.text

    launched = Statement.objects.get(person=officer, verb_id=Cmi5Verb.LAUNCHED)
    context = launched.payload["context"]
    assert context["registration"] == params["registration"]
    assert (
        context["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"]
        == session
    )
    assert {"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"} in context[
        "contextActivities"
    ]["category"]
    assert launched.payload["authority"]["account"]["name"] == "crystal-learning"


def test_the_fetch_url_gives_the_token_once(learner, course):
    au = FakeAU(launch(learner, course))
    assert au.client.get(au.params["fetch"]).status_code == 405
    first = au.fetch()
    assert first.status_code == 200
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "auth-token" in first.json()
    again = au.fetch()
    assert again.status_code == 200
    assert again.json()["error-code"] == "1"
    forged = au.client.post(au.params["fetch"].split("?")[0] + "?k=abc")
    assert forged.json()["error-code"] == "2"


def test_an_expired_launch_cannot_fetch(learner, course):
    au = FakeAU(launch(learner, course))
    PackageLaunch.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert au.fetch().json()["error-code"] == "1"


def test_the_token_is_limited_to_the_launch(au, officer):
    assert au.send(au.statement("initialized")).status_code == 200
    stored = Statement.objects.filter(person=officer, verb_id=Cmi5Verb.INITIALIZED)
    assert stored.get().payload["authority"]["account"]["name"] == "package-launch"
    assert au.state_put(LAUNCH_DATA, {"launchMode": "Review"}).status_code == 403
    # Without the registration it is another document (none): allowed, not found.
    assert au.state_get(LAUNCH_DATA, registration=None).status_code == 404
    other = au.state_get("x", registration="6f1e1b5c-1111-4c1b-9d36-5b2c1a0c1f00")
    assert other.status_code == 403


def test_a_whole_session_satisfies_the_course_and_the_requirement(au, course, officer):
    programme = Programme(name="Packages", start_date=timezone.localdate())
    programme.requirements = [
        Requirement(kind=Requirement.Kind.PACKAGE, package=course, sort_order=0)
    ]
    programme.audience_rules = [AudienceRule()]
    programme.save()
    assignments_sync()
    assert not requirement_states(person=officer, programme=programme)[0].met

    assert au.send(au.statement("initialized")).status_code == 200
    assert (
        au.send(au.statement("completed", result={"completion": True})).status_code
        == 200
    )
    assert package_done(person=officer, page=course) is None  # not passed yet
    passed = au.statement("passed", result={"success": True, "score": {"scaled": 0.9}})
    assert au.send(passed, au.statement("terminated")).status_code == 200

    satisfied = Statement.objects.get(person=officer, verb_id=Cmi5Verb.SATISFIED)
    assert satisfied.payload["object"]["id"] == package_course_iri(
        course.translation_key
    )
    assert satisfied.payload["object"]["definition"]["type"] == (
        "https://w3id.org/xapi/cmi5/activitytype/course"
    )
    record = package_done(person=officer, page=course)
    assert record is not None and record.best_score == 0.9
    state = requirement_states(person=officer, programme=programme)[0]
    assert state.met and str(state.label) == "Passed"


@pytest.mark.parametrize(
    ("statement", "field"),
    [
        ({"verb": "completed", "result": {"completion": True}}, "verb"),  # first
        ({"verb": "initialized", "session": "other"}, "context.extensions"),
        ({"verb": "initialized", "registration": "other"}, "context.registration"),
        (
            {"verb": "initialized", "defined": False},
            "context.contextActivities.category",
        ),
        ({"verb": Cmi5Verb.SATISFIED}, "verb"),
    ],
)
def test_the_first_statement_rules(au, statement, field):
    made = au.statement(statement["verb"], defined=statement.get("defined", True))
    if "result" in statement:
        made["result"] = statement["result"]
    if statement.get("session"):
        made["context"]["extensions"] = {
            "https://w3id.org/xapi/cmi5/context/extensions/sessionid": "x"
        }
    if statement.get("registration"):
        made["context"]["registration"] = "6f1e1b5c-1111-4c1b-9d36-5b2c1a0c1f00"
    response = au.send(made)
    assert response.status_code == 403, response.content
    assert response.json()["field"] == field


@pytest.mark.parametrize(
    ("verb", "result", "message"),
    [
        ("passed", {"success": True, "score": {"scaled": 0.5}}, "at least"),
        ("failed", {"success": False, "score": {"scaled": 0.85}}, "below"),
        ("passed", {"success": True}, "masteryScore"),
        ("completed", {}, "completion true"),
        ("initialized", {}, "already sent"),
    ],
)
def test_statements_breaking_the_rules_are_refused(au, verb, result, message):
    assert au.send(au.statement("initialized")).status_code == 200
    response = au.send(
        au.statement(verb, result=result) if result else au.statement(verb)
    )
    assert response.status_code == 403
    assert message in response.json()["error"]


def test_nothing_after_terminated_and_no_second_completion(learner, course, au):
    assert au.send(au.statement("initialized")).status_code == 200
    assert (
        au.send(au.statement("completed", result={"completion": True})).status_code
        == 200
    )
    assert au.send(au.statement("terminated")).status_code == 200
    late = au.send(au.statement("experienced", defined=False))
    assert late.status_code == 403 and "terminated" in late.json()["error"]

    second = FakeAU(launch(learner, course))
    second.start()
    assert second.send(second.statement("initialized")).status_code == 200
    again = second.send(second.statement("completed", result={"completion": True}))
    assert again.status_code == 403
    assert "registration" in again.json()["error"]


def test_allowed_statements_pass_but_not_about_other_activities(au, officer):
    assert au.send(au.statement("initialized")).status_code == 200
    question = au.statement(
        "answered",
        defined=False,
        object={"id": au.params["activityId"] + "/q1", "objectType": "Activity"},
    )
    assert au.send(question).status_code == 200
    elsewhere = au.statement(
        "answered", defined=False, object={"id": "https://elsewhere.example/q"}
    )
    assert au.send(elsewhere).status_code == 403
    someone = au.statement("answered", defined=False)
    someone["actor"] = {"account": {"homePage": "https://x.example", "name": "9"}}
    assert au.send(someone).status_code == 403


def test_review_mode_sends_only_initialized_and_terminated(learner, course):
    au = FakeAU(launch(learner, course, mode="Review"))
    assert au.start()["launchMode"] == "Review"
    assert au.send(au.statement("initialized")).status_code == 200
    response = au.send(au.statement("completed", result={"completion": True}))
    assert response.status_code == 403 and "Review" in response.json()["error"]


def test_a_new_launch_abandons_the_unterminated_session(learner, course, au, officer):
    assert au.send(au.statement("initialized")).status_code == 200
    FakeAU(launch(learner, course)).start()
    abandoned = Statement.objects.get(person=officer, verb_id=Cmi5Verb.ABANDONED)
    assert abandoned.payload["result"]["duration"].startswith("PT")
    assert (
        abandoned.payload["context"]["extensions"][
            "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
        ]
        == au.template["extensions"][
            "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
        ]
    )
    late = au.send(au.statement("terminated"))
    assert late.status_code == 401


def test_waiving_an_au_with_a_reason(learner, op_crystal_tile, officer):
    course = cmi5_page(
        op_crystal_tile,
        ("au1", "Completed", ""),
        ("au2", "Passed", ""),
        slug="two-aus",
    )
    au = FakeAU(launch(learner, course))
    au.start()
    au.send(au.statement("initialized"))
    au.send(au.statement("completed", result={"completion": True}))
    assert package_done(person=officer, page=course) is None
    with pytest.raises(WaiveRefused):
        unit_waive(page=course, person=officer, unit_id=f"{PUBLISHER}/au2", reason="x")
    unit_waive(
        page=course, person=officer, unit_id=f"{PUBLISHER}/au2", reason="Tested Out"
    )
    waived = Statement.objects.get(person=officer, verb_id=Cmi5Verb.WAIVED)
    assert waived.payload["result"]["extensions"] == {
        "https://w3id.org/xapi/cmi5/result/extensions/reason": "Tested Out"
    }
    assert Statement.objects.filter(verb_id=Cmi5Verb.SATISFIED).count() == 1
    assert package_done(person=officer, page=course) is not None
    with pytest.raises(WaiveRefused):
        unit_waive(
            page=course,
            person=officer,
            unit_id=f"{PUBLISHER}/au2",
            reason="Administrative",
        )


def test_the_same_statement_sent_again_is_not_judged_again(au):
    initialized = au.statement("initialized")
    assert au.send(initialized).status_code == 200
    assert au.send(initialized).status_code == 200  # a retry after a lost answer
    changed = json.loads(json.dumps(initialized))
    changed["timestamp"] = timezone.now().isoformat()
    changed["result"] = {"duration": "PT1S"}
    assert au.send(changed).status_code == 409
