"""Statement conformance with xAPI 1.0.3 (issue 17 §1): what a client sends
and what it reads back."""

from __future__ import annotations

import json
import uuid

import pytest

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.models import Statement
from tests.xapi.factories import ACTIVITY, make_statement

PARENT = "https://learning.example.police.uk/xapi/activities/programme/p1"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
CONFIRMED = "https://example.org/verbs/confirmed"
COMMENTED = "https://example.org/verbs/commented"
FORMATS = ("exact", "ids", "canonical")
SHA256 = "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"


def _get(lrs_client, statement_id: str, shape: str = "exact", **headers) -> dict:
    response = lrs_client.get({"statementId": statement_id, "format": shape}, **headers)
    assert response.status_code == 200
    return response.json()


def _found(lrs_client, **params) -> set[str]:
    response = lrs_client.get(params)
    assert response.status_code == 200, response.json()
    return {s["id"] for s in response.json()["statements"]}


def _refused(lrs_client, statement: dict) -> str:
    response = lrs_client.post(statement)
    assert response.status_code == 400, response.content
    assert Statement.objects.filter(statement_id=statement["id"]).count() == 0
    return response.json()["field"]


# 1. A single context activity is returned as an array of one.


def _with_single_parents() -> dict:
    context = {
        "contextActivities": {"parent": {"id": PARENT}, "other": [{"id": ACTIVITY}]}
    }
    inner = {
        "objectType": "SubStatement",
        "actor": person_agent("S00002"),
        "verb": {"id": CONFIRMED},
        "object": {"id": ACTIVITY},
        "context": {"contextActivities": {"grouping": {"id": PARENT}}},
    }
    return make_statement(context=context, object=inner)


@pytest.mark.parametrize("shape", FORMATS)
def test_single_context_activities_come_back_as_arrays_of_one(lrs_client, shape):
    statement = _with_single_parents()
    assert lrs_client.post(statement).status_code == 200
    got = _get(lrs_client, statement["id"], shape)
    assert got["context"]["contextActivities"]["parent"] == [{"id": PARENT}]
    assert got["context"]["contextActivities"]["other"] == [{"id": ACTIVITY}]
    inner = got["object"]["context"]["contextActivities"]
    assert inner["grouping"] == [{"id": PARENT}]
    listed = _found(
        lrs_client, activity=PARENT, related_activities="true", format=shape
    )
    assert listed == {statement["id"]}


def test_single_context_activities_are_stored_as_arrays_and_resends_match(lrs_client):
    statement = _with_single_parents()
    assert lrs_client.post(statement).status_code == 200
    payload = Statement.objects.get(statement_id=statement["id"]).payload
    assert payload["context"]["contextActivities"]["parent"] == [{"id": PARENT}]
    assert payload["object"]["context"]["contextActivities"]["grouping"] == [
        {"id": PARENT}
    ]
    assert lrs_client.post(statement).status_code == 200  # the same, sent again
    as_arrays = json.loads(json.dumps(statement))
    as_arrays["context"]["contextActivities"]["parent"] = [{"id": PARENT}]
    assert lrs_client.post(as_arrays).status_code == 200  # the same statement
    as_arrays["context"]["contextActivities"]["parent"] = [{"id": ACTIVITY}]
    assert lrs_client.post(as_arrays).status_code == 409
    assert Statement.objects.count() == 1


def test_a_stored_single_context_activity_is_still_returned_as_an_array(lrs_client):
    statement = make_statement(
        context={"contextActivities": {"parent": [{"id": PARENT}]}}
    )
    assert lrs_client.post(statement).status_code == 200
    row = Statement.objects.get(statement_id=statement["id"])
    row.payload["context"]["contextActivities"]["parent"] = {"id": PARENT}  # older row
    row.save(update_fields=["payload"])
    for shape in FORMATS:
        got = _get(lrs_client, statement["id"], shape)
        assert got["context"]["contextActivities"]["parent"] == [{"id": PARENT}]


# 2. A Group authority is anonymous, with exactly two members.


def _group(*members, **identifier) -> dict:
    return {"objectType": "Group", "member": list(members), **identifier}


@pytest.mark.parametrize(
    ("authority", "field"),
    [
        (
            _group(
                person_agent("A"), person_agent("B"), mbox="mailto:team@example.org"
            ),
            "authority",
        ),
        (
            _group(
                person_agent("A"),
                person_agent("B"),
                account={"homePage": "https://example.org", "name": "team"},
            ),
            "authority",
        ),
        (_group(person_agent("A")), "authority.member"),
        (
            _group(person_agent("A"), person_agent("B"), person_agent("C")),
            "authority.member",
        ),
    ],
    ids=["identified by mbox", "identified by account", "one member", "three members"],
)
def test_a_group_authority_must_be_anonymous_with_two_members(
    lrs_client, authority, field
):
    assert _refused(lrs_client, make_statement(authority=authority)) == field


def test_a_group_authority_of_two_is_accepted(lrs_client):
    statement = make_statement(authority=_group(person_agent("A"), person_agent("B")))
    assert lrs_client.post(statement).status_code == 200


# 3. Attachment metadata is type-checked.


def _attachment(**changes) -> dict:
    attachment = {
        "usageType": "http://example.com/attachment-usage/test",
        "display": {"en-US": "A test attachment"},
        "description": {"en-US": "A test attachment (description)"},
        "contentType": "text/plain; charset=ascii",
        "length": 27,
        "sha2": SHA256,
        "fileUrl": "http://over.there.com/file.txt",
    }
    attachment.update(changes)
    return {k: v for k, v in attachment.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contentType": 12345}, "attachments[0].contentType"),
        ({"contentType": "plain text"}, "attachments[0].contentType"),
        ({"length": "x"}, "attachments[0].length"),
        ({"length": -1}, "attachments[0].length"),
        ({"length": 2.5}, "attachments[0].length"),
        ({"length": True}, "attachments[0].length"),
        ({"sha2": 12345}, "attachments[0].sha2"),
        ({"sha2": "not hex"}, "attachments[0].sha2"),
        ({"description": "just a string"}, "attachments[0].description"),
        ({"description": ["en-US"]}, "attachments[0].description"),
        ({"display": 3}, "attachments[0].display"),
        ({"usageType": "not an iri"}, "attachments[0].usageType"),
        ({"fileUrl": 7}, "attachments[0].fileUrl"),
        ({"sha2": None}, "attachments[0].sha2"),
    ],
    ids=lambda v: json.dumps(v) if isinstance(v, dict) else v,
)
def test_attachment_metadata_is_checked(lrs_client, changes, field):
    statement = make_statement(attachments=[_attachment(**changes)])
    assert _refused(lrs_client, statement) == field


def test_a_well_formed_attachment_is_accepted(lrs_client):
    statement = make_statement(attachments=[_attachment(), _attachment(length=0)])
    assert lrs_client.post(statement).status_code == 200
    assert _get(lrs_client, statement["id"])["attachments"][1]["length"] == 0


# 4. result.duration is an ISO 8601 duration as xAPI allows it.


@pytest.mark.parametrize(
    "duration", ["P4W", "PT1H30M", "P1DT2H", "PT0.5S", "P1Y2M3DT4H5M6S", "P0D"]
)
def test_durations_xapi_allows_are_accepted(lrs_client, duration):
    statement = make_statement(result={"duration": duration})
    assert lrs_client.post(statement).status_code == 200


@pytest.mark.parametrize(
    "duration", ["P4W1D", "P1W2W", "P", "PT", "P1DT", "PT1D", "P1H", "P4WT1H", "1D", 90]
)
def test_other_durations_are_refused(lrs_client, duration):
    statement = make_statement(result={"duration": duration})
    assert _refused(lrs_client, statement) == "result.duration"


# 5. format=ids keeps only what identifies agents, groups, activities and verbs.


def test_format_ids_keeps_only_identifiers(lrs_client):
    named = {**person_agent("A1"), "name": "Alex"}
    anonymous = _group(
        {**person_agent("M1"), "name": "Mo"}, person_agent("M2"), name="Pair"
    )
    identified = _group(named, mbox="mailto:team@example.org", name="Team")
    statement = make_statement(
        actor=named,
        context={
            "instructor": named,
            "team": anonymous,
            "contextActivities": {
                "parent": {"id": PARENT, "definition": {"name": {"en": "P"}}}
            },
        },
    )
    about_group = make_statement(object=identified)
    nested = make_statement(
        object={
            "objectType": "SubStatement",
            "actor": anonymous,
            "verb": {"id": CONFIRMED, "display": {"en": "confirmed"}},
            "object": {"objectType": "Activity", "id": ACTIVITY, "definition": {}},
        }
    )
    assert lrs_client.post([statement, about_group, nested]).status_code == 200

    got = _get(lrs_client, statement["id"], "ids")
    agent_ids = {"objectType": "Agent", "account": person_agent("A1")["account"]}
    assert got["actor"] == agent_ids
    assert got["verb"] == {"id": statement["verb"]["id"]}
    assert got["object"] == {"id": ACTIVITY}
    assert got["context"]["instructor"] == agent_ids
    assert got["context"]["team"] == {
        "objectType": "Group",
        "member": [person_agent("M1"), person_agent("M2")],
    }
    assert got["context"]["contextActivities"] == {"parent": [{"id": PARENT}]}
    assert "name" not in got["authority"] and "account" in got["authority"]
    assert _get(lrs_client, about_group["id"], "ids")["object"] == {
        "objectType": "Group",
        "mbox": "mailto:team@example.org",
    }
    inner = _get(lrs_client, nested["id"], "ids")["object"]
    assert inner["objectType"] == "SubStatement"
    assert inner["object"] == {"id": ACTIVITY}
    assert inner["verb"] == {"id": CONFIRMED}
    assert inner["actor"]["member"] == [person_agent("M1"), person_agent("M2")]
    listed = lrs_client.get({"format": "ids", "verb": CONFIRMED}).json()["statements"]
    assert listed == []  # the filter is on the statement's verb, not the inner one
    every = lrs_client.get({"format": "ids"}).json()["statements"]
    assert {s["id"] for s in every} == {
        statement["id"],
        about_group["id"],
        nested["id"],
    }
    assert all("definition" not in json.dumps(s) for s in every)


# 6. verb and activity filters must be IRIs.


@pytest.mark.parametrize("name", ["verb", "activity"])
@pytest.mark.parametrize(
    "value", ["completed", "/relative/path", "ab=c://should.fail.com", "http//x.org"]
)
def test_verb_and_activity_filters_must_be_iris(lrs_client, name, value):
    response = lrs_client.get({name: value})
    assert response.status_code == 400
    assert response.json()["field"] == name


# 7. Statements that target a matching statement match too.


def test_statements_targeting_a_match_are_returned_with_it(lrs_client):
    target = make_statement("S1")
    confirms = make_statement(
        "S2",
        verb={"id": CONFIRMED},
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    comments = make_statement(
        "S3",
        verb={"id": COMMENTED},
        object={"objectType": "StatementRef", "id": confirms["id"]},
    )
    elsewhere = make_statement(
        "S1", object={"objectType": "Activity", "id": "https://x.example/other"}
    )
    assert lrs_client.post([target, confirms, comments, elsewhere]).status_code == 200
    chain = {target["id"], confirms["id"], comments["id"]}

    assert _found(lrs_client, activity=ACTIVITY) == chain
    assert _found(lrs_client, verb=CONFIRMED) == {confirms["id"], comments["id"]}
    assert _found(lrs_client, verb=COMMENTED) == {comments["id"]}
    agent = json.dumps(person_agent("S1"))
    assert _found(lrs_client, agent=agent) == chain | {elsewhere["id"]}
    assert _found(lrs_client, agent=agent, activity=ACTIVITY) == chain
    # Time and paging apply to the targeting statement itself.
    stored = Statement.objects.get(statement_id=comments["id"]).stored
    Statement.objects.filter(statement_id=target["id"]).update(
        stored=stored.replace(year=2020)
    )
    since = stored.replace(year=2021).isoformat()
    assert _found(lrs_client, activity=ACTIVITY, since=since) == chain - {target["id"]}
    page = lrs_client.get({"activity": ACTIVITY, "limit": 1}).json()
    assert len(page["statements"]) == 1 and page["more"]


def test_a_voided_statement_still_brings_back_its_voiding_statement(lrs_client):
    target = make_statement("S1")
    confirms = make_statement(
        "S2",
        verb={"id": CONFIRMED},
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    voiding = make_statement(
        "S1",
        verb={"id": VOIDED},
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    unrelated = make_statement("S4", object={"id": "https://x.example/unrelated"})
    assert lrs_client.post([target, confirms, unrelated]).status_code == 200
    assert lrs_client.post(voiding).status_code == 200

    verb = target["verb"]["id"]
    expected = {confirms["id"], voiding["id"]}
    assert _found(lrs_client, activity=ACTIVITY) == expected
    assert _found(lrs_client, verb=verb) == expected | {unrelated["id"]}
    assert _found(lrs_client, verb=VOIDED) == {voiding["id"]}
    single = lrs_client.get({"statementId": target["id"]})
    assert single.status_code == 404  # single reads do not follow references
    assert _get(lrs_client, voiding["id"])["object"]["id"] == target["id"]


# 8. format=canonical keeps the best language of each language map.


def _multilingual() -> dict:
    return make_statement(
        verb={
            "id": "http://adlnet.gov/expapi/verbs/answered",
            "display": {"en-US": "answered", "en-GB": "answered (GB)", "fr": "répondu"},
        },
        object={
            "objectType": "Activity",
            "id": ACTIVITY,
            "definition": {
                "name": {"en-US": "Color", "en-GB": "Colour"},
                "description": {"de": "Beschreibung", "fr": "Description"},
                "interactionType": "choice",
                "choices": [
                    {"id": "a", "description": {"en-US": "Gray", "en-GB": "Grey"}},
                    {"id": "b", "description": {"fr": "Bleu"}},
                ],
            },
        },
        context={
            "contextActivities": {
                "parent": {
                    "id": PARENT,
                    "definition": {"name": {"fr": "P", "en": "Prog"}},
                }
            }
        },
        attachments=[_attachment(display={"fr": "Pièce", "en-GB": "Attachment"})],
    )


def test_format_canonical_returns_the_best_language_of_each_map(lrs_client):
    statement = _multilingual()
    assert lrs_client.post(statement).status_code == 200
    got = _get(lrs_client, statement["id"], "canonical", HTTP_ACCEPT_LANGUAGE="en-GB")
    definition = got["object"]["definition"]
    assert got["verb"]["display"] == {"en-GB": "answered (GB)"}
    assert definition["name"] == {"en-GB": "Colour"}
    assert definition["description"] == {"de": "Beschreibung"}  # none match: first
    assert definition["choices"][0]["description"] == {"en-GB": "Grey"}
    assert definition["choices"][1]["description"] == {"fr": "Bleu"}
    assert got["context"]["contextActivities"]["parent"][0]["definition"]["name"] == {
        "en": "Prog"  # "en-GB" falls back to "en"
    }
    assert got["attachments"][0]["display"] == {"en-GB": "Attachment"}
    listed = lrs_client.get(
        {"format": "canonical"}, HTTP_ACCEPT_LANGUAGE="de;q=0.2, fr;q=0.9, en;q=0.5"
    ).json()["statements"][0]
    assert listed["object"]["definition"]["description"] == {"fr": "Description"}
    # Several tags match "en": the first in alphabetical order.
    assert listed["object"]["definition"]["name"] == {"en-GB": "Colour"}
    assert listed["verb"]["display"] == {"fr": "répondu"}
    exact = _get(lrs_client, statement["id"], "exact", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert exact["verb"]["display"] == statement["verb"]["display"]
    plain = _get(lrs_client, statement["id"], "canonical")  # the site's en-gb
    assert plain["verb"]["display"] == {"en-GB": "answered (GB)"}
    assert plain["object"]["definition"]["description"] == {"de": "Beschreibung"}
    american = _get(
        lrs_client, statement["id"], "canonical", HTTP_ACCEPT_LANGUAGE="EN-us"
    )
    assert american["object"]["definition"]["name"] == {"en-US": "Color"}


# 9. Wrongly typed definition members are refused, never a server error.

DEFINITION_MEMBERS = [
    "name",
    "description",
    "type",
    "moreInfo",
    "extensions",
    "interactionType",
    "correctResponsesPattern",
    "choices",
    "scale",
    "source",
    "target",
    "steps",
]


@pytest.mark.parametrize("member", DEFINITION_MEMBERS)
@pytest.mark.parametrize(
    "value", [[1], 3, {"a": 1}, "text", None, True], ids=json.dumps
)
def test_wrongly_typed_definition_members_are_refused(lrs_client, member, value):
    definition = {"interactionType": "choice", member: value}
    statement = make_statement(
        object={"objectType": "Activity", "id": ACTIVITY, "definition": definition}
    )
    field = _refused(lrs_client, statement)
    assert field.startswith("object.definition"), field
    wrapped = make_statement(
        object={
            "objectType": "SubStatement",
            "actor": person_agent("S9"),
            "verb": {"id": CONFIRMED},
            "object": {"id": ACTIVITY, "definition": {member: value}},
        },
        id=str(uuid.uuid4()),
    )
    assert _refused(lrs_client, wrapped).startswith("object.object.definition")
