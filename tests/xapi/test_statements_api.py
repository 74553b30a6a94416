"""The Statements API as the xAPI 1.0.3 Communication part describes it."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.models import Statement
from tests.xapi.factories import ACTIVITY, make_statement
from tests.xapi.helpers import SECRET, XAPIClient

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def test_post_one_statement_returns_its_id_and_stores_it(lrs_client):
    statement = make_statement()
    response = lrs_client.post(statement)
    assert response.status_code == 200
    assert response.json() == [statement["id"]]
    assert response["X-Experience-API-Version"] == "1.0.3"
    stored = Statement.objects.get(statement_id=statement["id"]).payload
    assert stored["authority"]["account"]["name"] == "tool"
    assert stored["version"] == "1.0.3" and "stored" in stored


def test_post_without_id_gets_one_assigned(lrs_client):
    statement = make_statement()
    del statement["id"]
    ids = lrs_client.post(statement).json()
    assert uuid.UUID(ids[0]) and Statement.objects.filter(statement_id=ids[0]).exists()


def test_a_batch_is_all_or_nothing(lrs_client):
    good, bad = make_statement(), make_statement(verb={"id": "not an iri"})
    response = lrs_client.post([good, bad])
    assert response.status_code == 400
    assert response.json()["field"] == "statements[1].verb.id"
    assert Statement.objects.count() == 0
    assert lrs_client.post([good, make_statement()]).status_code == 200
    assert Statement.objects.count() == 2


def test_duplicate_ids_in_a_batch_are_refused(lrs_client):
    statement = make_statement()
    response = lrs_client.post([statement, dict(statement)])
    assert response.status_code == 400
    assert "unique" in response.json()["error"]


def test_same_id_same_content_is_a_no_op_and_different_content_conflicts(lrs_client):
    statement = make_statement()
    assert lrs_client.post(statement).status_code == 200
    assert lrs_client.post(statement).status_code == 200
    assert Statement.objects.count() == 1
    changed = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"}}
    assert lrs_client.post(changed).status_code == 409
    assert Statement.objects.get().verb_id.endswith("completed")


def test_put_with_statement_id(lrs_client):
    statement_id = str(uuid.uuid4())
    statement = make_statement()
    del statement["id"]
    response = lrs_client.put(statement_id, statement)
    assert response.status_code == 204
    assert Statement.objects.filter(statement_id=statement_id).exists()
    assert lrs_client.put(statement_id, statement).status_code == 204
    other = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"}}
    assert lrs_client.put(statement_id, other).status_code == 409


def test_put_needs_a_matching_statement_id(lrs_client):
    statement = make_statement()
    assert lrs_client.put(str(uuid.uuid4()), statement).status_code == 400
    response = lrs_client.client.put(
        "/xapi/statements",
        data=json.dumps(statement),
        content_type="application/json",
        **lrs_client.headers,
    )
    assert response.status_code == 400 and response.json()["field"] == "statementId"


def test_get_by_statement_id_with_last_modified(lrs_client):
    statement = make_statement()
    lrs_client.post(statement)
    response = lrs_client.get({"statementId": statement["id"]})
    assert response.status_code == 200
    assert response.json()["id"] == statement["id"]
    assert (
        "Last-Modified" in response
        and "X-Experience-API-Consistent-Through" in response
    )
    assert lrs_client.get({"statementId": str(uuid.uuid4())}).status_code == 404


def test_statement_id_cannot_be_combined_with_filters(lrs_client):
    response = lrs_client.get(
        {"statementId": str(uuid.uuid4()), "verb": "http://x.example/v"}
    )
    assert response.status_code == 400 and response.json()["field"] == "verb"


def test_unknown_parameters_are_refused(lrs_client):
    response = lrs_client.get({"actor": "x"})
    assert response.status_code == 400 and response.json()["field"] == "actor"


def test_voiding_hides_a_statement_except_by_voided_statement_id(lrs_client):
    target = make_statement()
    lrs_client.post(target)
    voiding = make_statement(
        verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target["id"]}
    )
    assert lrs_client.post(voiding).status_code == 200
    assert lrs_client.get({"statementId": target["id"]}).status_code == 404
    assert (
        lrs_client.get({"voidedStatementId": target["id"]}).json()["id"] == target["id"]
    )
    listed = [s["id"] for s in lrs_client.get().json()["statements"]]
    assert target["id"] not in listed and voiding["id"] in listed


def test_a_voiding_statement_cannot_be_voided(lrs_client):
    target = make_statement()
    voiding = make_statement(
        verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target["id"]}
    )
    lrs_client.post([target, voiding])
    again = make_statement(
        verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": voiding["id"]}
    )
    response = lrs_client.post(again)
    assert response.status_code == 400 and response.json()["field"] == "object.id"


def test_filters_by_agent_verb_activity_and_registration(lrs_client):
    registration = str(uuid.uuid4())
    mine = make_statement("A1", context={"registration": registration})
    theirs = make_statement("B2")
    other_activity = make_statement(
        "A1", object={"objectType": "Activity", "id": "https://x.example/other"}
    )
    lrs_client.post([mine, theirs, other_activity])

    def ids(**params):
        return {s["id"] for s in lrs_client.get(params).json()["statements"]}

    agent = json.dumps(person_agent("A1"))
    assert ids(agent=agent) == {mine["id"], other_activity["id"]}
    assert ids(agent=agent, activity=ACTIVITY) == {mine["id"]}
    assert ids(registration=registration) == {mine["id"]}
    assert ids(verb="http://adlnet.gov/expapi/verbs/attempted") == set()


def test_agent_filter_matches_an_agent_as_object(lrs_client):
    about = make_statement("SUPERVISOR", object={**person_agent("A1")})
    other = make_statement("A1")
    lrs_client.post([about, other])
    agent = json.dumps(person_agent("A1"))
    found = {s["id"] for s in lrs_client.get({"agent": agent}).json()["statements"]}
    assert found == {about["id"], other["id"]}
    with_activity = lrs_client.get({"agent": agent, "activity": ACTIVITY}).json()
    assert [s["id"] for s in with_activity["statements"]] == [other["id"]]


def test_related_activities_and_agents(lrs_client):
    child = make_statement(
        context={"contextActivities": {"parent": [{"id": ACTIVITY}]}},
        object={"objectType": "Activity", "id": "https://x.example/child"},
    )
    instructed = make_statement("C3", context={"instructor": person_agent("TRAINER")})
    lrs_client.post([child, instructed])
    plain = lrs_client.get({"activity": ACTIVITY}).json()["statements"]
    related = lrs_client.get(
        {"activity": ACTIVITY, "related_activities": "true"}
    ).json()
    assert child["id"] not in {s["id"] for s in plain}
    assert child["id"] in {s["id"] for s in related["statements"]}
    trainer = json.dumps(person_agent("TRAINER"))
    assert lrs_client.get({"agent": trainer}).json()["statements"] == []
    with_related = lrs_client.get({"agent": trainer, "related_agents": "true"}).json()
    assert [s["id"] for s in with_related["statements"]] == [instructed["id"]]


def test_since_until_ascending_limit_and_more(lrs_client):
    sent = []
    for _ in range(5):
        statement = make_statement()
        lrs_client.post(statement)
        sent.append(statement["id"])
    first_response = lrs_client.get({"limit": 2})
    assert "Last-Modified" in first_response
    first = first_response.json()
    assert [s["id"] for s in first["statements"]] == sent[::-1][:2]
    assert first["more"].startswith("/xapi/statements?")
    second = lrs_client.client.get(first["more"], **lrs_client.headers).json()
    assert [s["id"] for s in second["statements"]] == sent[::-1][2:4]
    late = make_statement()
    lrs_client.post(late)  # a new statement does not shift the pages already handed out
    third = lrs_client.client.get(second["more"], **lrs_client.headers).json()
    assert [s["id"] for s in third["statements"]] == [sent[0]]
    assert third["more"] == ""
    ascending = lrs_client.get({"ascending": "true", "limit": 2}).json()
    assert [s["id"] for s in ascending["statements"]] == sent[:2]
    stored = [Statement.objects.get(statement_id=i).payload["stored"] for i in sent]
    window = lrs_client.get(
        {"since": stored[1], "until": stored[3], "ascending": "true"}
    )
    assert [s["id"] for s in window.json()["statements"]] == sent[2:4]


def test_format_ids_drops_names_and_definitions(lrs_client):
    statement = make_statement()
    lrs_client.post(statement)
    got = lrs_client.get({"statementId": statement["id"], "format": "ids"}).json()
    assert "definition" not in got["object"] and "display" not in got["verb"]


def test_version_header_is_required(lrs_client):
    response = lrs_client.client.get(
        "/xapi/statements", HTTP_AUTHORIZATION=lrs_client.headers["HTTP_AUTHORIZATION"]
    )
    assert response.status_code == 400
    assert response.json()["field"] == "X-Experience-API-Version"
    assert response["X-Experience-API-Version"] == "1.0.3"
    wrong = lrs_client.get(HTTP_X_EXPERIENCE_API_VERSION="0.95")
    assert wrong.status_code == 400


def test_credentials_are_checked(db, client):
    anonymous = XAPIClient(client)
    response = anonymous.get()
    assert response.status_code == 401 and "Basic" in response["WWW-Authenticate"]
    from crystal_learning.xapi.services import credential_create

    credential_create(name="tool", secret=SECRET, scopes=["all"])
    assert (
        XAPIClient(Client(), key="tool", secret="wrong-secret!!").get().status_code
        == 401
    )
    assert XAPIClient(Client(), key="tool").get().status_code == 200


def test_a_credential_records_when_it_was_last_used(lrs_client):
    from crystal_learning.xapi.models import LRSCredential

    assert LRSCredential.objects.get(name="tool").last_used_at is None
    lrs_client.get()
    assert LRSCredential.objects.get(name="tool").last_used_at is not None


def test_read_scope_cannot_write(reader):
    assert reader.get().status_code == 200
    response = reader.post(make_statement())
    assert response.status_code == 403
    assert Statement.objects.count() == 0


def test_bodies_that_are_not_json_or_too_large(lrs_client, settings):
    assert lrs_client.post("{not json").status_code == 400
    assert lrs_client.post('{"a": 1, "a": 2}').status_code == 400
    assert lrs_client.post('{"x": NaN}').status_code == 400
    assert (
        lrs_client.post(make_statement(), content_type="text/plain").status_code == 400
    )
    settings.CRYSTAL_XAPI_MAX_BODY_BYTES = 200
    response = lrs_client.post(make_statement())
    assert response.status_code == 413 and response.json()["field"] == "body"
    assert Statement.objects.count() == 0


def test_about_needs_no_credentials(client, db):
    response = client.get("/xapi/about")
    assert response.status_code == 200 and response.json()["version"] == ["1.0.3"]


def test_head_returns_headers_only(lrs_client):
    response = lrs_client.client.head("/xapi/statements", **lrs_client.headers)
    assert response.status_code == 200 and response.content == b""


# -- the browser session -------------------------------------------------------


@pytest.fixture
def session_client(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    client.get("/my-training/")  # sets the CSRF cookie
    return client


def session_post(client: Client, body, csrf: bool = True):
    headers = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
    if csrf:
        headers["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    return client.post(
        "/xapi/statements",
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_a_signed_in_learner_posts_their_own_statements_with_csrf(
    session_client, officer
):
    statement = make_statement(officer.staff_number)
    assert session_post(session_client, statement, csrf=False).status_code == 403
    assert session_post(session_client, statement).status_code == 200
    stored = Statement.objects.get()
    assert stored.person == officer
    assert stored.payload["authority"]["account"]["name"] == "browser-session"


def test_a_learner_cannot_complete_anything_by_claiming_it(
    session_client, officer, lrs_client
):
    from crystal_learning.xapi.models import Progress

    claims = [
        make_statement(
            officer.staff_number,
            verb={"id": verb},
            result={
                "completion": True,
                "success": True,
                "score": {"scaled": 1.0},
                "extensions": {"https://w3id.org/xapi/video/extensions/progress": 1.0},
            },
        )
        for verb in (
            "http://adlnet.gov/expapi/verbs/completed",
            "http://adlnet.gov/expapi/verbs/passed",
        )
    ]
    assert session_post(session_client, claims).status_code == 200
    progress = Progress.objects.get(person=officer, activity_id=ACTIVITY)
    assert (progress.status, progress.progress, progress.best_score) == (
        "in_progress",
        0.0,
        None,
    )
    assert progress.completed_at is None and progress.last_seen is not None
    # The same claim from a trusted system (an API client) counts.
    assert lrs_client.post(make_statement(officer.staff_number)).status_code == 200
    progress.refresh_from_db()
    assert progress.status == "completed"


def test_a_learner_cannot_write_or_read_someone_elses_statements(
    session_client, officer, lrs_client
):
    response = session_post(session_client, make_statement("SOMEONE-ELSE"))
    assert response.status_code == 403 and response.json()["field"] == "actor"
    theirs = make_statement("SOMEONE-ELSE")
    lrs_client.post(theirs)
    headers = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
    assert session_client.get("/xapi/statements", **headers).json()["statements"] == []
    assert (
        session_client.get(
            f"/xapi/statements?statementId={theirs['id']}", **headers
        ).status_code
        == 404
    )
    other = json.dumps(person_agent("SOMEONE-ELSE"))
    assert (
        session_client.get("/xapi/statements", {"agent": other}, **headers).status_code
        == 403
    )


def test_a_learner_cannot_void_a_statement(session_client, officer, lrs_client):
    failed = make_statement(
        officer.staff_number, verb={"id": "http://adlnet.gov/expapi/verbs/failed"}
    )
    lrs_client.post(failed)
    voiding = make_statement(
        officer.staff_number,
        verb={"id": VOIDED},
        object={"objectType": "StatementRef", "id": failed["id"]},
    )
    response = session_post(session_client, voiding)
    assert response.status_code == 403 and response.json()["field"] == "verb"
    assert not Statement.objects.get(statement_id=failed["id"]).voided
