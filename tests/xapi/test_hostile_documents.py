"""A hostile client and a hostile signed-in learner against the document resources
(State, Activity Profile, Agent Profile) and what every resource shares
(protocol.py): other people's documents, precondition tricks, the alternate
request syntax, content-type tricks and values no database can hold."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from crystal_learning.xapi.agents import homepage, person_agent
from crystal_learning.xapi.documents.models import XapiDocument
from crystal_learning.xapi.services import credential_create
from tests.people.factories import PersonFactory
from tests.xapi.factories import ACTIVITY
from tests.xapi.helpers import (
    ACTIVITY_PROFILE,
    AGENT_PROFILE,
    REGISTRATION,
    SECRET,
    STATE,
    VERSION,
    alternate,
    basic_header,
    call,
    own_state,
)

SECRET_DOC = b'{"answers": "the victim\'s"}'


@pytest.fixture
def api(db):
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    return Client(), {**VERSION, "HTTP_AUTHORIZATION": basic_header()}


@pytest.fixture
def learner(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    client.get("/my-training/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    return client, {**VERSION, "HTTP_X_CSRFTOKEN": token}, officer


@pytest.fixture
def victim(api, team):
    """Another learner whose State and Agent Profile the tool has written."""
    person = PersonFactory(team=team, display_name="PC Victim")
    agent = json.dumps(person_agent(person.staff_number))
    client, headers = api
    for path, params in (
        (STATE, {"activityId": ACTIVITY, "agent": agent, "stateId": "s"}),
        (
            STATE,
            {
                "activityId": ACTIVITY,
                "agent": agent,
                "stateId": "s",
                "registration": REGISTRATION,
            },
        ),
        (AGENT_PROFILE, {"agent": agent, "profileId": "p"}),
    ):
        assert call(client, "PUT", path, params, SECRET_DOC, **headers).status_code in (
            204,
        )
    return person


def victim_documents_intact() -> bool:
    return XapiDocument.objects.count() == 3 and all(
        bytes(doc.content) == SECRET_DOC for doc in XapiDocument.objects.all()
    )


def agent_variants(staff_number: str) -> list[str]:
    home = homepage()
    account = {"homePage": home, "name": staff_number}
    return [
        json.dumps({"objectType": "Agent", "account": account}),
        json.dumps({"account": {"homePage": home + "/", "name": staff_number}}),
        json.dumps({"account": account, "name": "Me, honestly"}),
        json.dumps({"account": account, "extra": 1}),
        json.dumps({"account": {**account, "extra": 1}}),
        json.dumps({"objectType": "Group", "account": account}),
        json.dumps({"objectType": "Group", "member": [{"account": account}]}),
        json.dumps({"account": account, "mbox": "mailto:me@example.org"}),
        json.dumps({"objectType": "agent", "account": account}),
        json.dumps([{"account": account}]),
        # the name given twice: the first would be someone else's
        f'{{"account": {{"homePage": "{home}", "name": "{staff_number}", '
        '"name": "x"}}',
    ]


# -- another learner's documents --------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "POST", "DELETE"])
def test_a_learner_cannot_touch_another_learners_documents(learner, victim, method):
    client, headers, _officer = learner
    for variant in agent_variants(victim.staff_number):
        for path, params in (
            (STATE, {"activityId": ACTIVITY, "agent": variant, "stateId": "s"}),
            (STATE, {"activityId": ACTIVITY, "agent": variant}),
            (
                STATE,
                {
                    "activityId": ACTIVITY,
                    "agent": variant,
                    "registration": REGISTRATION,
                },
            ),
            (AGENT_PROFILE, {"agent": variant, "profileId": "p"}),
            (AGENT_PROFILE, {"agent": variant}),
        ):
            response = call(client, method, path, params, b'{"x": 1}', **headers)
            assert response.status_code in (400, 403), (variant, path, response)
            assert b"victim" not in response.content
    assert victim_documents_intact()


def test_a_learner_cannot_reach_them_through_the_alternate_syntax(learner, victim):
    client, headers, _officer = learner
    agent = json.dumps(person_agent(victim.staff_number))
    for method in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        fields = {
            "X-Experience-API-Version": "1.0.3",
            "activityId": ACTIVITY,
            "agent": agent,
            "stateId": "s",
            "content": '{"x": 1}',
        }
        response = alternate(client, STATE, method, fields, **headers)
        assert response.status_code == 403, method
        # A made-up Authorization in the form does not fall back to the session.
        fields["Authorization"] = "Basic " + base64.b64encode(b"tool:guess").decode()
        response = alternate(client, STATE, method, fields, **headers)
        assert response.status_code == 401, method
    assert victim_documents_intact()


def test_the_alternate_syntax_needs_the_csrf_token_for_a_session(learner):
    client, headers, officer = learner
    own = json.dumps(person_agent(officer.staff_number))
    fields = {
        "X-Experience-API-Version": "1.0.3",
        "activityId": ACTIVITY,
        "agent": own,
        "stateId": "s",
        "content": '{"x": 1}',
    }
    for method in ("GET", "PUT", "POST", "DELETE"):
        response = alternate(client, STATE, method, fields)  # no X-CSRFToken
        assert response.status_code == 403, method
        assert "CSRF" in response.json()["error"]
    assert not XapiDocument.objects.exists()
    assert alternate(client, STATE, "PUT", fields, **headers).status_code == 204


def test_a_learner_only_reads_activity_profiles(learner, api):
    client, headers, _officer = learner
    tool, tool_headers = api
    params = {"activityId": ACTIVITY, "profileId": "p"}
    call(tool, "PUT", ACTIVITY_PROFILE, params, b'{"a": 1}', **tool_headers)
    for method in ("PUT", "POST", "DELETE"):
        response = call(client, method, ACTIVITY_PROFILE, params, b"{}", **headers)
        assert response.status_code == 403, method
        fields = {"X-Experience-API-Version": "1.0.3", **params, "content": "{}"}
        response = alternate(client, ACTIVITY_PROFILE, method, fields, **headers)
        assert response.status_code == 403, method
    got = call(tool, "GET", ACTIVITY_PROFILE, params, **tool_headers)
    assert got.json() == {"a": 1}


def test_a_session_writing_multipart_is_a_clear_400_not_a_500(learner):
    """Defect: the CSRF check reads request.POST, which consumes a multipart
    body; reading the document then raises RawPostDataException (a 500)."""
    client, headers, officer = learner
    own = json.dumps(person_agent(officer.staff_number))
    params = {"activityId": ACTIVITY, "agent": own, "stateId": "s"}
    body = (
        b'--XyZ\r\nContent-Disposition: form-data; name="f"\r\n\r\nhello\r\n--XyZ--\r\n'
    )
    response = call(
        client,
        "POST",
        STATE,
        params,
        body,
        "multipart/form-data; boundary=XyZ",
        **headers,
    )
    assert response.status_code in (204, 400), response.content
    if response.status_code == 400:
        assert response.json()["field"]


def test_a_session_form_too_large_is_a_json_413(learner, settings):
    """The CSRF check parses a session's form body before the view can refuse it."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client, headers, officer = learner
    own = json.dumps(person_agent(officer.staff_number))
    params = {"activityId": ACTIVITY, "agent": own, "stateId": "s"}
    body = urlencode({"a": "x" * 2000})
    response = call(
        client,
        "POST",
        STATE,
        params,
        body,
        "application/x-www-form-urlencoded",
        **headers,
    )
    assert response.status_code in (400, 413)
    assert response["Content-Type"] == "application/json", response.content[:200]


# -- values no database or HTTP header can hold ----------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["text/plain\r\nSet-Cookie: a=b", "text/plain\nX: y", "text/plain\x00"],
)
def test_a_content_type_no_header_can_carry_is_refused(api, content_type):
    """Defect: the alternate syntax takes Content-Type from the form, so it can
    hold a newline; the document is stored, and every GET of it is then a 500
    (BadHeaderError) — or, with a NUL, the write itself fails on PostgreSQL."""
    client, headers = api
    fields = {
        "Authorization": basic_header(),
        "X-Experience-API-Version": "1.0.3",
        **own_state(api, stateId="s"),
        "Content-Type": content_type,
        "content": "hello",
    }
    put = alternate(client, STATE, "PUT", fields)
    assert put.status_code in (204, 400)
    if put.status_code == 400:
        assert put.json()["field"] == "Content-Type"
    got = call(client, "GET", STATE, own_state(api, stateId="s"), **headers)
    assert got.status_code in (200, 404)
    assert "Set-Cookie" not in got and "X" not in got


@pytest.mark.parametrize("param", ["stateId", "registration", "activityId", "agent"])
def test_a_nul_in_a_parameter_is_a_400_naming_it(api, param):
    """Defect on PostgreSQL: a NUL in stateId reaches a text column (a 500)."""
    client, headers = api
    params = own_state(api, stateId="s", registration=REGISTRATION)
    params[param] = params[param][:3] + "\x00" + params[param][3:]
    response = call(client, "PUT", STATE, params, b"{}", **headers)
    assert response.status_code == 400, response.content
    assert response.json()["field"].startswith(param)


def test_a_nul_in_a_profile_id_is_a_400(api):
    client, headers = api
    params = {"activityId": ACTIVITY, "profileId": "p\x00q"}
    response = call(client, "PUT", ACTIVITY_PROFILE, params, b"{}", **headers)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "profileId"


@pytest.mark.parametrize(
    ("param", "value", "status"),
    [
        ("stateId", "s" * 1000, 204),
        ("stateId", "é" * 1000, 204),
        ("stateId", "s" * 1001, 400),
        ("activityId", "https://e.org/" + "a" * 5000, 400),
        (
            "agent",
            json.dumps({"account": {"homePage": "https://e.org", "name": "n" * 700}}),
            400,
        ),
        ("agent", json.dumps({"mbox": "mailto:" + "a" * 700 + "@e.org"}), 400),
    ],
)
def test_very_long_identifiers(api, param, value, status):
    client, headers = api
    params = own_state(api, stateId="s")
    params[param] = value
    response = call(client, "PUT", STATE, params, b"{}", **headers)
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["field"].startswith(param)
    else:
        got = call(client, "GET", STATE, params, **headers)
        assert got.status_code == 200 and got.json() == {}


# -- bodies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
        json.dumps(
            {"a": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
        ).encode(),
        b'{"a": 1, "a": 2}',
        b'{"a": NaN}',
        b'{"a": 1' + b"0" * 5000 + b"}",
        b'{"a": "\\u0000"}',
        b'{"a": "\\ud800"}',
        b"\xff\xfe{",
        b"not json at all",
    ],
)
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_json_no_store_can_hold_is_a_400_and_nothing_changes(api, body, method):
    client, headers = api
    params = own_state(api, stateId="s")
    call(client, "PUT", STATE, params, b'{"kept": true}', **headers)
    for ctype in (
        "application/json",
        "Application/JSON; charset=utf-8",
        " application/json ",
    ):
        response = call(client, method, STATE, params, body, ctype, **headers)
        assert response.status_code == 400, (ctype, response.content[:200])
        assert response.json()["field"] in ("content", "body")
    assert call(client, "GET", STATE, params, **headers).json() == {"kept": True}


def test_a_merge_cannot_grow_a_document_past_the_limit(api, settings):
    """Defect: each POST is checked against the limit, the merged result is
    not, so repeated POSTs (a learner may POST to their own State) grow one
    document without bound."""
    settings.CRYSTAL_XAPI_MAX_DOCUMENT_BYTES = 1000
    client, headers = api
    params = own_state(api, stateId="s")
    first = json.dumps({"a": "x" * 900}).encode()
    assert call(client, "PUT", STATE, params, first, **headers).status_code == 204
    for key in "bcdef":
        second = json.dumps({key: "y" * 900}).encode()
        call(client, "POST", STATE, params, second, **headers)
    got = call(client, "GET", STATE, params, **headers)
    assert len(got.content) <= 1000, len(got.content)


def test_an_empty_json_document_through_the_alternate_syntax_is_a_400(api):
    client, headers = api
    fields = {
        "Authorization": basic_header(),
        "X-Experience-API-Version": "1.0.3",
        **own_state(api, stateId="s"),
        "Content-Type": "application/json",
        "content": "",
    }
    response = alternate(client, STATE, "PUT", fields)
    assert response.status_code == 400 and response.json()["field"] == "content"


def test_a_learner_cannot_look_up_another_learner_as_a_person(learner, victim):
    client, headers, _officer = learner
    for variant in agent_variants(victim.staff_number):
        response = client.get("/xapi/agents", {"agent": variant}, **headers)
        assert response.status_code in (400, 403), variant


def test_a_csrf_token_in_the_alternate_form_is_not_a_parameter(learner):
    """A browser form carries csrfmiddlewaretoken; the alternate syntax should
    not refuse it as an unknown document parameter."""
    client, headers, officer = learner
    fields = {
        "X-Experience-API-Version": "1.0.3",
        "activityId": ACTIVITY,
        "agent": json.dumps(person_agent(officer.staff_number)),
        "stateId": "s",
        "content": '{"x": 1}',
        "csrfmiddlewaretoken": headers["HTTP_X_CSRFTOKEN"],
    }
    response = alternate(client, STATE, "PUT", fields)
    assert response.status_code == 204, response.content
