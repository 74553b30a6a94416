"""The Agents and Activities resources (sections 2.4 and 2.5)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.pipeline import statement_record
from crystal_learning.xapi.services import credential_create
from tests.xapi.factories import ACTIVITY, make_statement
from tests.xapi.helpers import SECRET, XAPIClient

OUTSIDER = {"objectType": "Agent", "name": "Ann Outside", "mbox": "mailto:ann@x.org"}
QUESTION = "https://learning.example.police.uk/xapi/activities/quiz/q1"


def get(xapi: XAPIClient, path: str, params: dict):
    return xapi.client.get(path, params, **xapi.headers)


@pytest.fixture
def writer(db):
    credential_create(name="writer", secret=SECRET, scopes=["statements/write"])
    return XAPIClient(Client(), key="writer")


@pytest.fixture
def session(officer):
    client = Client()
    client.force_login(officer.user)
    return XAPIClient(client)


# -- agents --------------------------------------------------------------------


def test_a_person_holds_our_account_and_nothing_made_up(lrs_client):
    agent = person_agent("S00001")
    lrs_client.post(make_statement("S00001"))
    response = get(lrs_client, "/xapi/agents", {"agent": json.dumps(agent)})
    assert response.status_code == 200
    assert response.json() == {"objectType": "Person", "account": [agent["account"]]}


def test_a_person_gets_names_only_the_store_holds(lrs_client):
    asked = {**OUTSIDER, "name": "Not Stored"}
    response = get(lrs_client, "/xapi/agents", {"agent": json.dumps(asked)})
    assert response.json() == {"objectType": "Person", "mbox": ["mailto:ann@x.org"]}
    lrs_client.post(make_statement(actor=OUTSIDER))
    response = get(lrs_client, "/xapi/agents", {"agent": json.dumps(asked)})
    assert response.json()["name"] == ["Ann Outside"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "agent"),
        ({"agent": "{not json"}, "agent"),
        ({"agent": "[]"}, "agent"),
        ({"agent": json.dumps({"objectType": "Agent"})}, "agent"),
        ({"agent": json.dumps({"mbox": "ann@x.org"})}, "agent.mbox"),
        ({"agent": json.dumps({"objectType": "Group", "member": []})}, "agent"),
        ({"agent": json.dumps(OUTSIDER), "since": "x"}, "since"),
    ],
)
def test_a_missing_or_bad_agent_is_a_400_naming_it(lrs_client, params, field):
    response = get(lrs_client, "/xapi/agents", params)
    assert response.status_code == 400 and response.json()["field"] == field


def test_agents_needs_the_read_scope(writer, reader):
    params = {"agent": json.dumps(OUTSIDER)}
    assert get(writer, "/xapi/agents", params).status_code == 403
    assert get(reader, "/xapi/agents", params).status_code == 200


def test_a_browser_session_may_look_up_only_itself(session, officer):
    own = json.dumps(person_agent(officer.staff_number))
    assert get(session, "/xapi/agents", {"agent": own}).status_code == 200
    other = get(session, "/xapi/agents", {"agent": json.dumps(OUTSIDER)})
    assert other.status_code == 403


# -- activities ----------------------------------------------------------------


def about(activity_id: str, definition: dict, **overrides) -> dict:
    return make_statement(
        object={"objectType": "Activity", "id": activity_id, "definition": definition},
        **overrides,
    )


def test_an_unknown_activity_is_an_activity_with_its_id(lrs_client):
    response = get(lrs_client, "/xapi/activities", {"activityId": ACTIVITY})
    assert response.status_code == 200
    assert response.json() == {"objectType": "Activity", "id": ACTIVITY}


def test_the_newest_definition_wins(lrs_client):
    lrs_client.post(about(ACTIVITY, {"name": {"en-GB": "Old"}}))
    lrs_client.post(about(ACTIVITY, {"name": {"en-GB": "New"}}))
    response = get(lrs_client, "/xapi/activities", {"activityId": ACTIVITY})
    assert response.json()["definition"] == {"name": {"en-GB": "New"}}


def test_the_platform_definition_wins_over_a_newer_client_one(lrs_client):
    statement_record(statement=about(ACTIVITY, {"name": {"en-GB": "Platform"}}))
    lrs_client.post(about(ACTIVITY, {"name": {"en-GB": "Client"}}))
    response = get(lrs_client, "/xapi/activities", {"activityId": ACTIVITY})
    assert response.json()["definition"] == {"name": {"en-GB": "Platform"}}


def test_a_definition_given_in_context_counts(lrs_client):
    parent = {"id": ACTIVITY, "definition": {"name": {"en-GB": "Parent"}}}
    other = "https://learning.example.police.uk/xapi/activities/module/m2"
    statement = about(other, {}, context={"contextActivities": {"parent": [parent]}})
    statement["object"].pop("definition")
    assert lrs_client.post(statement).status_code == 200
    response = get(lrs_client, "/xapi/activities", {"activityId": ACTIVITY})
    assert response.json()["definition"] == {"name": {"en-GB": "Parent"}}


def test_a_browser_session_gets_no_answer_key(lrs_client, session):
    definition = {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "interactionType": "true-false",
        "correctResponsesPattern": ["true"],
    }
    lrs_client.post(about(QUESTION, definition))
    full = get(lrs_client, "/xapi/activities", {"activityId": QUESTION}).json()
    assert full["definition"]["correctResponsesPattern"] == ["true"]
    seen = get(session, "/xapi/activities", {"activityId": QUESTION})
    assert seen.status_code == 200
    assert "correctResponsesPattern" not in seen.json()["definition"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({}, "activityId"), ({"activityId": "not an iri"}, "activityId")],
)
def test_a_missing_or_bad_activity_id_is_a_400(lrs_client, params, field):
    response = get(lrs_client, "/xapi/activities", params)
    assert response.status_code == 400 and response.json()["field"] == field


def test_activities_needs_the_read_scope(writer):
    response = get(writer, "/xapi/activities", {"activityId": ACTIVITY})
    assert response.status_code == 403
