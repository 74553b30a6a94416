"""The launch principal (crystal_learning/xapi/launches.py): a launched package's
Basic credentials (`launch-<id>:<secret>`) reach only the launch's grant, never
the API clients' credentials, and every resource keeps to the grant."""

from __future__ import annotations

import base64
import json
import uuid
from urllib.parse import urlencode

import pytest
from django.test import Client

from crystal_learning.people.models import Person
from crystal_learning.xapi.agents import is_browser_statement, person_agent
from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.services import credential_create
from modules.packages.cmi5_rules import LAUNCH_DATA
from tests.modules.factories import tile_page
from tests.modules.packages.au_helpers import (
    TINCAN_COURSE,
    VERSION,
    FakeAU,
    TinCanPackage,
    basic,
    cmi5_page,
    launch,
    tincan_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(sign_ins):
    return Person.objects.get(user__username="officer")


@pytest.fixture
def learner(officer):
    client = Client()
    client.force_login(officer.user)
    return client


@pytest.fixture
def package(learner):
    return TinCanPackage(launch(learner, tincan_page(tile_page())))


def _other_statement(staff_number: str) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": person_agent(staff_number),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": TINCAN_COURSE},
    }


def test_a_launch_reads_only_its_own_statements(package, sign_ins):
    sergeant = Person.objects.get(user__username="sergeant")
    theirs = _other_statement(sergeant.staff_number)
    statements_record(statements=[theirs])
    assert package.send(package.statement("experienced")).status_code == 200

    endpoint = package.params["endpoint"] + "statements"
    listed = package.client.get(endpoint, **package.headers()).json()["statements"]
    assert [s["actor"]["account"]["name"] for s in listed] == [
        package.actor["account"]["name"]
    ]
    assert all(is_browser_statement(s) for s in listed)
    other = package.client.get(
        endpoint, {"statementId": theirs["id"]}, **package.headers()
    )
    assert other.status_code == 404
    asked = package.client.get(
        endpoint, {"agent": json.dumps(theirs["actor"])}, **package.headers()
    )
    assert asked.status_code == 403


def test_a_launch_may_not_void(package):
    sent = package.statement("experienced")
    assert package.send(sent).status_code == 200
    voiding = package.statement(
        "http://adlnet.gov/expapi/verbs/voided",
        object={"objectType": "StatementRef", "id": sent["id"]},
    )
    assert package.send(voiding).status_code == 403
    assert not Statement.objects.filter(voided=True).exists()


def test_profiles_own_agent_and_read_only_activity_profile(package, sign_ins):
    endpoint = package.params["endpoint"]
    own = {"agent": json.dumps(package.actor), "profileId": "cmi5LearnerPreferences"}
    put = package.client.put(
        f"{endpoint}agents/profile?{urlencode(own)}",
        data=json.dumps({"audioPreference": "on"}),
        content_type="application/json",
        **package.headers(),
    )
    assert put.status_code == 204
    sergeant = Person.objects.get(user__username="sergeant")
    theirs = {**own, "agent": json.dumps(person_agent(sergeant.staff_number))}
    read = package.client.get(f"{endpoint}agents/profile", theirs, **package.headers())
    assert read.status_code == 403

    profile = {"activityId": TINCAN_COURSE, "profileId": "p"}
    write = package.client.put(
        f"{endpoint}activities/profile?{urlencode(profile)}",
        data="{}",
        content_type="application/json",
        **package.headers(),
    )
    assert write.status_code == 403
    mine = package.client.get(
        f"{endpoint}activities/profile", profile, **package.headers()
    )
    assert mine.status_code == 404  # may read; there is none
    elsewhere = package.client.get(
        f"{endpoint}activities/profile",
        {**profile, "activityId": "https://else.example/a"},
        **package.headers(),
    )
    assert elsewhere.status_code == 403


def test_launch_credentials_never_reach_api_clients(package):
    with pytest.raises(ValueError):
        credential_create(
            name="launch-tool", secret="a-long-test-secret", scopes=["all"]
        )
    user = base64_user(package.auth)
    for header in (
        basic(user, "wrong-secret"),
        basic(f"launch-{uuid.uuid4()}", "x"),
        basic("launch-not-a-uuid", "x"),
    ):
        response = package.client.get(
            package.params["endpoint"] + "statements",
            **VERSION,
            HTTP_AUTHORIZATION=header,
        )
        assert response.status_code == 401


def base64_user(header: str) -> str:
    return base64.b64decode(header.split(" ", 1)[1]).decode().split(":", 1)[0]


def test_the_alternate_syntax_carries_the_launch_auth(package):
    statement = package.statement("experienced")
    response = package.client.post(
        package.params["endpoint"] + "statements?method=PUT",
        data=urlencode(
            {
                "Authorization": package.auth,
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
                "statementId": statement["id"],
                "content": json.dumps(statement),
            }
        ),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 204


def test_cmi5_launch_data_cannot_be_deleted_by_the_au(learner, sign_ins):
    page = cmi5_page(tile_page(), ("au1", "Completed", ""))
    au = FakeAU(launch(learner, page))
    au.start()
    endpoint = au.params["endpoint"] + "activities/state"
    everything = {
        "activityId": au.params["activityId"],
        "agent": json.dumps(au.actor),
        "registration": au.params["registration"],
    }
    deleted = au.client.delete(f"{endpoint}?{urlencode(everything)}", **au.headers())
    assert deleted.status_code == 403
    one = au.client.delete(
        f"{endpoint}?{urlencode({**everything, 'stateId': LAUNCH_DATA})}",
        **au.headers(),
    )
    assert one.status_code == 403
    assert au.state_get(LAUNCH_DATA).status_code == 200
    # Its own documents are its to keep.
    assert au.state_put("bookmark", {"page": 2}).status_code == 204
    gone = au.client.delete(
        f"{endpoint}?{urlencode({**everything, 'stateId': 'bookmark'})}",
        **au.headers(),
    )
    assert gone.status_code == 204
