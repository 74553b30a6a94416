"""Generated hostile requests to every xAPI endpoint, with an API credential and
with a signed-in officer's session: never a 5xx, and a refusal stores nothing.

Bodies are valid statements with one known property replaced by something
hostile (deep nesting, huge numbers, lone surrogates, NUL, over-long strings,
wrong types, random JSON), sent as an attacker would send them: JSON text,
surrogates as \\ud800 escapes. Query strings are percent-encoded UTF-8 with
surrogates passed through, as raw bytes on the wire would be.
"""

from __future__ import annotations

import base64
import copy
import json
import uuid
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.models import Progress, Statement, StatementActivity
from crystal_learning.xapi.selectors import FILTERS, SINGLE
from crystal_learning.xapi.services import credential_create
from tests.xapi.factories import make_statement
from tests.xapi.helpers import SECRET

VERSION = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
MARK = "__raw_json__"

FRAGMENTS = st.sampled_from(
    [
        "\x00",
        "\ud800",
        "\udfff",
        "a\x00b",
        "https://example.org/\x00",
        "https://example.org/\ud800",
        "https://example.org/" + "a" * 1100,
        "mailto:" + "m" * 700 + "@example.org",
        "",
        " ",
        "\n",
        "choice",
        "2026-11-26T09:00:00",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "10000-01-01T00:00:00Z",
        "2026-11-26T09:00:00Z\n",
        "PT1M\n",
        "-00:00",
        "٢٠٢٦-١١-٢٦T09:00:00Z",
    ]
)
HOSTILE_TEXT = (
    FRAGMENTS
    | st.text(max_size=30)
    | st.builds("".join, st.lists(FRAGMENTS | st.text(max_size=5), max_size=4))
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**120), max_value=10**120)
    | st.floats(allow_nan=False, allow_infinity=False)
    | HOSTILE_TEXT
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(HOSTILE_TEXT, children, max_size=3),
    max_leaves=10,
)
#: JSON text no Python value serialises to: deep nesting and huge numbers.
RAW_JSON = st.one_of(
    st.integers(min_value=30, max_value=6000).map(lambda n: "[" * n + "]" * n),
    st.integers(min_value=30, max_value=3000).map(
        lambda n: '{"a":' * n + "1" + "}" * n
    ),
    st.integers(min_value=90, max_value=6000).map(lambda n: "9" * n),
    st.sampled_from(["1e400", "-1e400", "NaN", "Infinity", "1" + "0" * 4400]),
)
PATHS = [
    "id",
    "actor",
    "actor.objectType",
    "actor.name",
    "actor.account",
    "actor.account.homePage",
    "actor.account.name",
    "actor.member",
    "verb",
    "verb.id",
    "verb.display",
    "verb.display.en-GB",
    "object",
    "object.id",
    "object.objectType",
    "object.definition",
    "object.definition.name",
    "object.definition.description",
    "object.definition.type",
    "object.definition.moreInfo",
    "object.definition.extensions",
    "object.definition.interactionType",
    "object.definition.correctResponsesPattern",
    "object.definition.choices",
    "object.definition.scale",
    "result",
    "result.score",
    "result.score.scaled",
    "result.score.raw",
    "result.success",
    "result.completion",
    "result.response",
    "result.duration",
    "result.extensions",
    "context",
    "context.registration",
    "context.instructor",
    "context.team",
    "context.contextActivities",
    "context.contextActivities.parent",
    "context.revision",
    "context.language",
    "context.statement",
    "context.extensions",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
]


def _set(statement: dict, path: str, value) -> None:
    keys = path.split(".")
    target = statement
    for key in keys[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[keys[-1]] = value


@st.composite
def hostile_statements(draw, staff_number: str) -> tuple[str, str]:
    """(statement id, JSON text) of a statement with hostile parts."""
    statement = copy.deepcopy(make_statement(staff_number))
    statement["object"]["definition"]["interactionType"] = "choice"
    statement["object"]["definition"]["choices"] = [{"id": "a"}]
    raw = None
    for path in draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=3)):
        if draw(st.integers(0, 4)) == 0:
            raw = draw(RAW_JSON)
            _set(statement, path, MARK)
        else:
            _set(statement, path, draw(JSON_VALUES))
    text = json.dumps(statement, allow_nan=False)
    if raw is not None:
        text = text.replace(json.dumps(MARK), raw, 1)
    if draw(st.booleans()):
        text = f"[{json.dumps(make_statement(staff_number))}, {text}]"
    return str(statement.get("id", "")), text


QUERY_NAMES = st.sampled_from(
    sorted(FILTERS | SINGLE) + ["unknown\x00"]  # every parameter the API knows
)


@st.composite
def query_values(draw, staff_number: str) -> str:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(HOSTILE_TEXT)
    if kind == 1:
        return draw(RAW_JSON)
    agent = copy.deepcopy(person_agent(staff_number))
    _set(agent, draw(st.sampled_from(["name", "mbox", "account.name", "x"])), MARK)
    raw = draw(RAW_JSON | JSON_VALUES.map(json.dumps))
    return json.dumps(agent).replace(json.dumps(MARK), raw, 1)


def query_string(params: dict[str, str]) -> str:
    return "&".join(
        f"{quote(k, errors='surrogatepass')}={quote(v, errors='surrogatepass')}"
        for k, v in params.items()
    )


def queries(staff_number: str):
    return st.dictionaries(QUERY_NAMES, query_values(staff_number), max_size=4).map(
        query_string
    )


@pytest.fixture
def basic(db):
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    token = base64.b64encode(f"tool:{SECRET}".encode()).decode()
    return Client(), {**VERSION, "HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def session(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    client.get("/my-training/")  # sets the CSRF cookie
    return client, {**VERSION, "HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


@pytest.fixture(params=["basic", "session"])
def caller(request, officer, basic, session):
    client, headers = basic if request.param == "basic" else session
    return client, headers, officer.staff_number


def _counts() -> tuple[int, int, int]:
    return (
        Statement.objects.count(),
        StatementActivity.objects.count(),
        Progress.objects.count(),
    )


def _check(response, before: tuple[int, int, int]) -> None:
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert _counts() == before, response.content[:300]
        if response.content:
            assert response.json()["error"]


ST = "/xapi/statements"


@EXAMPLES
@given(data=st.data())
def test_post_statements(caller, data):
    client, headers, staff_number = caller
    _, body = data.draw(hostile_statements(staff_number))
    query = data.draw(st.just("") | queries(staff_number))
    before = _counts()
    response = client.generic(
        "POST",
        f"{ST}?{query}" if query else ST,
        body.encode(),
        content_type="application/json",
        **headers,
    )
    _check(response, before)


@EXAMPLES
@given(data=st.data())
def test_put_statements(caller, data):
    client, headers, staff_number = caller
    statement_id, body = data.draw(hostile_statements(staff_number))
    query = data.draw(
        st.just(f"statementId={quote(statement_id, errors='surrogatepass')}")
        | st.just(f"statementId={uuid.uuid4()}")
        | queries(staff_number)
    )
    before = _counts()
    response = client.generic(
        "PUT",
        f"{ST}?{query}",
        body.encode(),
        content_type="application/json",
        **headers,
    )
    _check(response, before)


@EXAMPLES
@given(data=st.data())
def test_get_and_head_statements(caller, data):
    client, headers, staff_number = caller
    client.post(
        ST,
        json.dumps(make_statement(staff_number)),
        content_type="application/json",
        **headers,
    )
    query = data.draw(queries(staff_number))
    if data.draw(st.booleans()):  # the filter whose JSON is parsed: more often
        agent = data.draw(query_values(staff_number))
        query = f"{query}&agent={quote(agent, errors='surrogatepass')}"
    method = data.draw(st.sampled_from(["GET", "HEAD"]))
    before = _counts()
    response = client.generic(method, f"{ST}?{query}", **headers)
    _check(response, before)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_about_and_other_methods(caller, data):
    client, headers, staff_number = caller
    path = data.draw(st.sampled_from(["/xapi/about", ST]))
    method = data.draw(
        st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
    )
    if path == ST and method in ("GET", "HEAD", "POST", "PUT"):
        method = "DELETE"  # the others have their own tests above
    _, body = data.draw(hostile_statements(staff_number))
    query = data.draw(queries(staff_number))
    version = data.draw(st.sampled_from(["1.0.3", "1.0.0", "2.0.0", "", "1.0.3\x00"]))
    before = _counts()
    response = client.generic(
        method,
        f"{path}?{query}",
        body.encode(),
        content_type="application/json",
        **{**headers, "HTTP_X_EXPERIENCE_API_VERSION": version},
    )
    _check(response, before)
