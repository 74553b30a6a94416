"""Hostile input to the Statements API: a 4xx naming the problem, never a 500,
and nothing stored; with an API credential and with a signed-in officer."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from django.test import Client

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.services import credential_create
from crystal_learning.xapi.validation import StatementInvalid
from tests.xapi.factories import ACTIVITY, make_statement
from tests.xapi.helpers import SECRET

VERSION = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
DEEP = "[" * 5000 + "]" * 5000
HUGE_INT = "9" * 5000
MARK = "__hostile__"


def _body(staff_number: str, path: str, raw: str, statement_id: str) -> str:
    """A valid statement whose `path` holds `raw` JSON text, verbatim."""
    statement = make_statement(staff_number, id=statement_id)
    keys = path.split(".")
    target = statement
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = MARK
    return json.dumps(statement).replace(json.dumps(MARK), raw)


def _text(value: str) -> str:
    return json.dumps(value)


EXT = "https://example.org/x"
BODIES = {
    # (path in the statement, raw JSON text)
    "nested 5000 deep": ("result", json.dumps({"extensions": {EXT: "@"}})),
    "5000-digit integer": ("result", json.dumps({"score": {"raw": "@"}})),
    "5000-digit integer in an extension": (
        "result",
        json.dumps({"extensions": {EXT: "@"}}),
    ),
    "number beyond a float": ("result", json.dumps({"extensions": {EXT: "@"}})),
    "lone surrogate in a name": ("object.definition.name", '{"en-GB": "\\ud800"}'),
    "lone surrogate in the activity id": ("object.id", '"https://example.org/\\udfff"'),
    "NUL in a name": ("verb.display", '{"en-GB": "com\\u0000pleted"}'),
    "NUL in the activity id": ("object.id", '"https://example.org/a\\u0000b"'),
    "NUL in an extension key": (
        "result",
        '{"extensions": {"https://e.org/\\u0000": 1}}',
    ),
    "activity id longer than its column": (
        "object.id",
        _text("https://example.org/" + "a" * 1000),
    ),
    "context activity id longer than its column": (
        "context",
        json.dumps(
            {
                "contextActivities": {
                    "parent": [{"id": "https://example.org/" + "p" * 1000}]
                }
            }
        ),
    ),
    "verb id longer than its column": (
        "verb.id",
        _text("https://example.org/" + "v" * 500),
    ),
    "activity type longer than its column": (
        "object.definition.type",
        _text("https://example.org/" + "t" * 500),
    ),
    "instructor account name longer than its column": (
        "context",
        json.dumps(
            {
                "instructor": {
                    "account": {"homePage": "https://example.org", "name": "n" * 600}
                }
            }
        ),
    ),
    "object agent mbox longer than its column": (
        "object",
        json.dumps({"objectType": "Agent", "mbox": f"mailto:{'m' * 600}@example.org"}),
    ),
    "interactionType a list": ("object.definition.interactionType", '["choice"]'),
    "interactionType an object": ("object.definition.interactionType", '{"a": 1}'),
    "timestamp in year 0": ("timestamp", '"0000-01-01T00:00:00Z"'),
    "timestamp in year 10000": ("timestamp", '"10000-01-01T00:00:00Z"'),
    "timestamp before year 1 in UTC": ("timestamp", '"0001-01-01T00:00:00+23:59"'),
    "timestamp after year 9999 in UTC": ("timestamp", '"9999-12-31T23:59:59-23:59"'),
    "timestamp with a huge offset": ("timestamp", '"2026-11-26T09:00:00+99:00"'),
    "timestamp without an offset": ("timestamp", '"2026-11-26T09:00:00"'),
    "timestamp with a trailing newline": ("timestamp", '"2026-11-26T09:00:00Z\\n"'),
}
RAW = {
    "nested 5000 deep": DEEP,
    "5000-digit integer": HUGE_INT,
    "5000-digit integer in an extension": "-" + HUGE_INT,
    "number beyond a float": "1e99999",
}
PARENT = "context.contextActivities.parent"
FIELDS = {
    "activity id longer than its column": "object.id",
    "context activity id longer than its column": f"{PARENT}[0].id",
    "verb id longer than its column": "verb.id",
    "activity type longer than its column": "object.definition.type",
    "instructor account name longer than its column": "context.instructor.account",
    "object agent mbox longer than its column": "object.mbox",
    "interactionType a list": "object.definition.interactionType",
    "interactionType an object": "object.definition.interactionType",
    "timestamp without an offset": "timestamp",
    "timestamp in year 0": "timestamp",
    "timestamp before year 1 in UTC": "timestamp",
    "timestamp after year 9999 in UTC": "timestamp",
    "NUL in the activity id": "object.id",
    "NUL in a name": "verb.display.en-GB",
    "lone surrogate in a name": "object.definition.name.en-GB",
}


def hostile_body(case: str, staff_number: str, statement_id: str = "") -> str:
    path, raw = BODIES[case]
    raw = raw.replace('"@"', RAW.get(case, '"@"'))
    return _body(staff_number, path, raw, statement_id or str(uuid.uuid4()))


@pytest.fixture
def officer_session(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    client.get("/my-training/")  # sets the CSRF cookie
    return client, {**VERSION, "HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


@pytest.fixture
def basic(db):
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    token = base64.b64encode(f"tool:{SECRET}".encode()).decode()
    return Client(), {**VERSION, "HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture(params=["basic", "session"])
def caller(request, officer, basic, officer_session):
    client, headers = basic if request.param == "basic" else officer_session
    return client, headers, officer.staff_number


def _assert_refused(response, field: str | None = None) -> None:
    assert 400 <= response.status_code < 500, response.content[:300]
    body = response.json()
    assert body["error"]
    if field is not None:
        assert body.get("field") == field, body
    assert Statement.objects.count() == 0
    assert Progress.objects.count() == 0


@pytest.mark.parametrize("case", sorted(BODIES))
def test_hostile_statement_posted_is_refused(caller, case):
    client, headers, staff_number = caller
    body = hostile_body(case, staff_number)
    response = client.post(
        "/xapi/statements", data=body, content_type="application/json", **headers
    )
    _assert_refused(response, FIELDS.get(case))


@pytest.mark.parametrize("case", sorted(BODIES))
def test_hostile_statement_put_is_refused(caller, case):
    client, headers, staff_number = caller
    statement_id = str(uuid.uuid4())
    body = hostile_body(case, staff_number, statement_id)
    response = client.put(
        f"/xapi/statements?statementId={statement_id}",
        data=body,
        content_type="application/json",
        **headers,
    )
    _assert_refused(response, FIELDS.get(case))


@pytest.mark.parametrize(
    "raw",
    [DEEP, "{" + '"a":{' * 3000 + "}" * 3001, "[" + HUGE_INT + "]", "[1e400]"],
    ids=["deep list", "deep object", "huge integer", "infinite float"],
)
def test_hostile_json_documents_are_refused(caller, raw):
    client, headers, _ = caller
    response = client.post(
        "/xapi/statements", data=raw, content_type="application/json", **headers
    )
    _assert_refused(response, "body")


def test_a_hostile_statement_in_a_batch_stores_nothing(caller):
    client, headers, staff_number = caller
    good = json.dumps(make_statement(staff_number))
    bad = hostile_body("NUL in the activity id", staff_number)
    response = client.post(
        "/xapi/statements",
        data=f"[{good}, {bad}]",
        content_type="application/json",
        **headers,
    )
    _assert_refused(response, "statements[1].object.id")


def _agent(staff_number: str) -> str:
    return json.dumps(person_agent(staff_number))


QUERIES = {
    "agent nested 5000 deep": ("agent", DEEP),
    "agent with a deep name": (
        "agent",
        '{"mbox": "mailto:a@b.org", "name": ' + DEEP + "}",
    ),
    "agent with NUL": (
        "agent",
        '{"account": {"homePage": "https://e.org", "name": "a\\u0000"}}',
    ),
    "agent with a surrogate": (
        "agent",
        '{"account": {"homePage": "https://e.org", "name": "a\\ud800"}}',
    ),
    "agent with a huge number": (
        "agent",
        '{"mbox": "mailto:a@b.org", "x": ' + HUGE_INT + "}",
    ),
    "agent too long": (
        "agent",
        json.dumps({"account": {"homePage": "https://e.org", "name": "n" * 700}}),
    ),
    "verb not an IRI": ("verb", "completed"),
    "verb with NUL": ("verb", "https://example.org/\x00"),
    "verb too long": ("verb", "https://example.org/" + "v" * 600),
    "activity not an IRI": ("activity", "module 1"),
    "activity with NUL": ("activity", ACTIVITY + "\x00"),
    "since garbage": ("since", "yesterday"),
    "since before year 1 in UTC": ("since", "0001-01-01T00:00:00+01:00"),
    "since without an offset": ("since", "2026-11-26T09:00:00"),
    "until after year 9999 in UTC": ("until", "9999-12-31T23:59:59-01:00"),
    "limit huge": ("limit", HUGE_INT),
    "limit negative": ("limit", "-1"),
    "limit not a number": ("limit", "ten"),
    "registration not a UUID": ("registration", "abc"),
    "registration with NUL": ("registration", "\x00"),
    "related_agents not a boolean": ("related_agents", "yes"),
    "related_activities not a boolean": ("related_activities", "1"),
    "cursor beyond any integer column": ("cursor", "9" * 30),
    "cursor not a number": ("cursor", "abc"),
    "ascending not a boolean": ("ascending", "\x00"),
    "statementId with NUL": ("statementId", "\x00"),
}


@pytest.mark.parametrize("case", sorted(QUERIES))
def test_hostile_query_parameters_are_refused(caller, case):
    client, headers, staff_number = caller
    name, value = QUERIES[case]
    params = {name: value}
    if name.startswith("related_"):
        params["agent"] = _agent(staff_number)
    response = client.get("/xapi/statements", params, **headers)
    assert response.status_code == 400, response.content[:300]
    field = response.json()["field"]
    assert field == name or field.startswith(f"{name}."), field
    assert response.json()["error"]


def test_the_real_filters_still_work(caller):
    client, headers, staff_number = caller
    statement = make_statement(staff_number)
    if "HTTP_AUTHORIZATION" in headers:
        Client().post(
            "/xapi/statements",
            data=json.dumps(statement),
            content_type="application/json",
            **headers,
        )
    else:
        client.post(
            "/xapi/statements",
            data=json.dumps(statement),
            content_type="application/json",
            **headers,
        )
    response = client.get(
        "/xapi/statements",
        {
            "agent": _agent(staff_number),
            "verb": statement["verb"]["id"],
            "activity": ACTIVITY,
            "since": "2026-01-01T00:00:00+01:00",
            "until": "2999-01-01T00:00:00Z",
            "limit": "10",
        },
        **headers,
    )
    assert response.status_code == 200
    assert [s["id"] for s in response.json()["statements"]] == [statement["id"]]


def test_a_basic_auth_key_with_nul_is_refused(db):
    token = base64.b64encode(f"to\x00ol:{SECRET}".encode()).decode()
    response = Client().get(
        "/xapi/statements", **VERSION, HTTP_AUTHORIZATION=f"Basic {token}"
    )
    assert response.status_code == 401
    assert response.json()["error"]


@pytest.mark.parametrize(
    "params",
    [
        {"since": "0001-01-01T00:00:00Z"},
        {"until": "9999-12-31T23:59:59.999999Z"},
        {"limit": "0", "cursor": str(2**63 - 1)},
        {"limit": str(2**31)},
    ],
    ids=["earliest since", "latest until", "largest cursor", "largest limit"],
)
def test_extreme_but_valid_filters_answer(caller, params):
    client, headers, _ = caller
    response = client.get("/xapi/statements", params, **headers)
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize(
    "path, value, field",
    [
        ("object.definition.name", {"en-GB": "a\x00b"}, "object.definition.name.en-GB"),
        ("verb.display", {"en-GB": "\ud800"}, "verb.display.en-GB"),
        ("result", {"extensions": {EXT: 10**200}}, f"result.extensions.{EXT}"),
        ("result", {"score": {"raw": float("inf")}}, "result.score.raw"),
        ("object.id", "https://example.org/" + "a" * 1000, "object.id"),
        ("timestamp", "2026-11-26T09:00:00", "timestamp"),
    ],
    ids=["NUL", "surrogate", "huge integer", "infinity", "long id", "naive time"],
)
def test_statements_recorded_from_python_are_held_to_the_same_limits(
    db, path, value, field
):
    """The platform's own callers of statements_record, not only HTTP."""
    statement = make_statement()
    keys = path.split(".")
    target = statement
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value
    with pytest.raises(StatementInvalid) as refused:
        statements_record(statements=[statement])
    assert refused.value.field == field
    assert Statement.objects.count() == 0
