"""Generated bad bodies: always a 4xx with a message, never a 500, nothing stored."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crystal_learning.xapi.models import Statement
from tests.xapi.factories import make_statement

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
PATHS = [
    ("id",),
    ("actor",),
    ("actor", "account"),
    ("actor", "account", "homePage"),
    ("actor", "objectType"),
    ("verb",),
    ("verb", "id"),
    ("verb", "display"),
    ("object",),
    ("object", "id"),
    ("object", "objectType"),
    ("object", "definition"),
    ("timestamp",),
    ("result",),
    ("context",),
    ("version",),
    ("attachments",),
]


@st.composite
def broken_statement(draw):
    statement = copy.deepcopy(make_statement())
    path = draw(st.sampled_from(PATHS))
    target = statement
    for key in path[:-1]:
        target = target[key]
    if draw(st.booleans()):
        target[path[-1]] = draw(JSON_VALUES)
    else:
        target.pop(path[-1], None)
    if draw(st.booleans()) and isinstance(statement.get("actor"), dict):
        statement["actor"] = {**statement["actor"], "mbox": "mailto:second@example.org"}
    return statement


@settings(
    max_examples=150,
    deadline=None,
    # Generation speed depends on the machine's load, not on the code.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=broken_statement(), as_batch=st.booleans())
def test_generated_bad_statements_get_a_4xx_and_store_nothing(
    lrs_client, body, as_batch
):
    before = Statement.objects.count()
    payload = [make_statement(), body] if as_batch else body
    response = lrs_client.post(payload)
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["error"]
        assert Statement.objects.count() == before


@settings(
    max_examples=60,
    deadline=None,
    # Generation speed depends on the machine's load, not on the code.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_never_cause_a_server_error(lrs_client, raw):
    response = lrs_client.post(raw)
    assert response.status_code in (200, 400)


@settings(
    max_examples=60,
    deadline=None,
    # Generation speed depends on the machine's load, not on the code.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "agent",
                "verb",
                "activity",
                "registration",
                "since",
                "until",
                "limit",
                "ascending",
                "format",
                "cursor",
                "related_agents",
                "statementId",
            ]
        ),
        st.text(max_size=30),
        max_size=4,
    )
)
def test_arbitrary_query_parameters_never_cause_a_server_error(lrs_client, params):
    response = lrs_client.get(params)
    assert response.status_code in (200, 400, 404), (params, response.content)
    json.loads(response.content)
