"""`format=canonical` (Communication 2.1.3): every Activity comes back with the
LRS's canonical definition (the one the Activities resource answers), language
filtered; a page costs the same number of queries however many statements."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.pipeline import statement_record
from tests.xapi.factories import ACTIVITY, make_statement
from tests.xapi.helpers import XAPIClient

PARENT = "https://learning.example.police.uk/xapi/activities/programme/p1"
QUESTION = "https://learning.example.police.uk/xapi/activities/question/q1"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"


def about(activity_id: str, definition: dict | None, **overrides) -> dict:
    target = {"objectType": "Activity", "id": activity_id}
    if definition is not None:
        target["definition"] = definition
    return make_statement(object=target, **overrides)


def canonical(api, statement_id: str | None = None, **headers):
    params = {"format": "canonical"}
    if statement_id:
        params["statementId"] = statement_id
    response = api.get(params, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def activity(api, activity_id: str) -> dict:
    response = api.client.get(
        "/xapi/activities", {"activityId": activity_id}, **api.headers
    )
    assert response.status_code == 200
    return response.json()


def test_an_activity_gets_the_canonical_definition_not_its_own(lrs_client):
    old = about(ACTIVITY, {"name": {"en-GB": "Old name", "fr": "Ancien"}})
    bare = about(ACTIVITY, None)
    assert lrs_client.post([old, bare]).status_code == 200
    statement_record(
        statement=about(
            ACTIVITY,
            {"name": {"en-GB": "Module 1", "fr": "Module un"}, "type": INTERACTION},
        )
    )
    newest = about(ACTIVITY, {"name": {"en-GB": "A client's name"}})
    assert lrs_client.post(newest).status_code == 200

    expected = activity(lrs_client, ACTIVITY)["definition"]
    assert expected["name"]["en-GB"] == "Module 1"  # the platform's wins
    for statement in (old, bare, newest):
        got = canonical(lrs_client, statement["id"], HTTP_ACCEPT_LANGUAGE="fr")
        assert got["object"]["definition"] == {**expected, "name": {"fr": "Module un"}}
    # exact still returns each statement as it was sent.
    exact = lrs_client.get({"statementId": bare["id"]}).json()
    assert "definition" not in exact["object"]
    listed = canonical(lrs_client, HTTP_ACCEPT_LANGUAGE="en-GB")["statements"]
    assert {s["object"]["definition"]["name"]["en-GB"] for s in listed} == {"Module 1"}


def test_context_and_sub_statement_activities_get_theirs_too(lrs_client):
    named = about(PARENT, {"name": {"en-GB": "Core programme", "de": "Kern"}})
    assert lrs_client.post(named).status_code == 200
    sub = {
        "objectType": "SubStatement",
        "actor": person_agent("S00002"),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"},
        "object": {"objectType": "Activity", "id": PARENT},
        "context": {"contextActivities": {"grouping": [{"id": PARENT}]}},
    }
    mentions = make_statement(
        context={"contextActivities": {"parent": {"id": PARENT}}},
        verb={
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-GB": "completed", "de": "abgeschlossen"},
        },
    )
    planned = make_statement(object=sub)
    assert lrs_client.post([mentions, planned]).status_code == 200

    got = canonical(lrs_client, mentions["id"], HTTP_ACCEPT_LANGUAGE="de")
    assert got["context"]["contextActivities"]["parent"] == [
        {"id": PARENT, "definition": {"name": {"de": "Kern"}}}
    ]
    assert got["verb"]["display"] == {"de": "abgeschlossen"}
    inner = canonical(lrs_client, planned["id"], HTTP_ACCEPT_LANGUAGE="de")["object"]
    assert inner["object"]["definition"] == {"name": {"de": "Kern"}}
    grouping = inner["context"]["contextActivities"]["grouping"][0]
    assert grouping["definition"] == {"name": {"de": "Kern"}}


def test_a_voided_statements_definition_does_not_count(lrs_client):
    kept = about(ACTIVITY, {"name": {"en-GB": "Kept"}})
    wrong = about(ACTIVITY, {"name": {"en-GB": "Wrong"}})
    assert lrs_client.post([kept, wrong]).status_code == 200
    voiding = make_statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": wrong["id"]},
    )
    assert lrs_client.post(voiding).status_code == 200
    got = canonical(lrs_client, kept["id"])
    assert got["object"]["definition"] == {"name": {"en-GB": "Kept"}}
    assert activity(lrs_client, ACTIVITY)["definition"] == {"name": {"en-GB": "Kept"}}


def test_a_definition_behind_many_bare_mentions_is_found(lrs_client):
    """The definition is in an old statement: later rounds read further back."""
    named = about(ACTIVITY, {"name": {"en-GB": "Found"}})
    assert lrs_client.post(named).status_code == 200
    bare = [about(ACTIVITY, None) for _ in range(30)]
    assert lrs_client.post(bare).status_code == 200
    got = canonical(lrs_client, bare[-1]["id"])
    assert got["object"]["definition"] == {"name": {"en-GB": "Found"}}


def test_a_learners_own_statements_never_get_the_answer_key(lrs_client, officer):
    key = {
        "type": INTERACTION,
        "interactionType": "true-false",
        "correctResponsesPattern": ["true"],
    }
    lrs_client.post(about(QUESTION, key, actor=person_agent("S99999")))
    mine = about(
        QUESTION,
        None,
        actor=person_agent(officer.staff_number),
        context={"contextActivities": {"other": [{"id": QUESTION}]}},
    )
    assert lrs_client.post(mine).status_code == 200
    full = canonical(lrs_client, mine["id"])
    assert full["object"]["definition"]["correctResponsesPattern"] == ["true"]

    browser = Client()
    browser.force_login(officer.user)
    session = XAPIClient(browser)
    for got in (
        canonical(session, mine["id"]),
        canonical(session)["statements"][0],
    ):
        assert got["object"]["definition"]["interactionType"] == "true-false"
        assert "correctResponsesPattern" not in json.dumps(got)


@pytest.mark.parametrize("count", [2, 40])
def test_the_query_count_does_not_grow_with_the_page(lrs_client, count):
    statements = []
    for index in range(count):
        own = f"{ACTIVITY}/{index}"
        statements.append(
            about(
                own,
                {"name": {"en-GB": f"Module {index}"}},
                context={"contextActivities": {"parent": [{"id": PARENT}]}},
            )
        )
    assert lrs_client.post(statements).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        page = canonical(lrs_client)["statements"]
    assert len(page) == count
    assert {s["object"]["definition"]["name"]["en-GB"] for s in page} == {
        f"Module {index}" for index in range(count)
    }
    # Credential, page, definitions in at most three rounds: never one per row.
    assert len(queries) <= 8, [q["sql"][:80] for q in queries]
