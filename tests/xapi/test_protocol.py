"""What every xAPI resource shares: the version header, HEAD, the alternate request
syntax, X-Experience-API-Consistent-Through, JSON errors and JSON 404s."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.models import Statement
from tests.xapi.factories import ACTIVITY, make_statement
from tests.xapi.helpers import SECRET

VERSION = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
AGENT = json.dumps(person_agent("S00001"))
#: One GET of each resource that answers 200 to a credential with every scope.
RESOURCES = [
    ("/xapi/statements", {}),
    ("/xapi/agents", {"agent": AGENT}),
    ("/xapi/activities", {"activityId": ACTIVITY}),
    ("/xapi/activities/state", {"activityId": ACTIVITY, "agent": AGENT}),
    ("/xapi/activities/profile", {"activityId": ACTIVITY}),
    ("/xapi/agents/profile", {"agent": AGENT}),
]


def basic(key: str = "tool") -> str:
    return "Basic " + base64.b64encode(f"{key}:{SECRET}".encode()).decode()


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_get_and_head_answer_alike_with_the_headers(lrs_client, path, params):
    headers = lrs_client.headers
    got = lrs_client.client.get(path, params, **headers)
    head = lrs_client.client.head(path, params, **headers)
    assert got.status_code == head.status_code == 200
    assert head.content == b"" and got.content != b""
    for response in (got, head):
        assert response["X-Experience-API-Version"] == "1.0.3"
        assert "X-Experience-API-Consistent-Through" in response
    assert head["Content-Type"] == got["Content-Type"]


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_a_bad_get_is_json_with_both_headers(lrs_client, path, params):
    response = lrs_client.client.get(
        path, {**params, "bogus": "1"}, **lrs_client.headers
    )
    assert response.status_code == 400
    assert response.json()["field"] == "bogus"
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert "X-Experience-API-Consistent-Through" in response


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_every_resource_needs_the_version_header(lrs_client, path, params):
    headers = {"HTTP_AUTHORIZATION": basic()}
    response = lrs_client.client.get(path, params, **headers)
    assert response.status_code == 400
    assert response.json()["field"] == "X-Experience-API-Version"


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_every_resource_needs_credentials(client, db, path, params):
    response = client.get(path, params, **VERSION)
    assert response.status_code == 401 and "WWW-Authenticate" in response


def test_a_missing_statement_is_a_404_with_consistent_through(lrs_client):
    response = lrs_client.get({"statementId": "00000000-0000-4000-8000-000000000000"})
    assert response.status_code == 404
    assert "X-Experience-API-Consistent-Through" in response


@pytest.mark.parametrize(
    "path",
    [
        "/xapi",
        "/xapi/",
        "/xapi/nothing",
        "/xapi/nothing/",
        "/xapi/statements/more/abc",
        "/xapi/activities/states",
        "/xapi/agents/profile/x/",
    ],
)
@pytest.mark.parametrize("method", ["GET", "HEAD", "POST", "PUT", "DELETE"])
def test_paths_that_are_no_resource_are_json_404s(client, db, path, method):
    response = client.generic(method, path)
    assert response.status_code == 404  # never a page or a sign-in redirect
    assert response["X-Experience-API-Version"] == "1.0.3"
    if method == "HEAD":
        assert response.content == b""
    else:
        assert response.json()["error"]
    if method in ("GET", "HEAD"):
        assert "X-Experience-API-Consistent-Through" in response


def test_a_trailing_slash_reaches_the_same_resource(lrs_client):
    response = lrs_client.client.get("/xapi/statements/", **lrs_client.headers)
    assert response.status_code == 200 and response.json()["statements"] == []


def test_about_lists_versions_and_extensions_without_credentials(client, db):
    response = client.get("/xapi/about")
    assert response.status_code == 200
    limits = "https://w3id.org/crystal-learning/xapi/extensions/lrs-limits"
    assert response.json() == {
        "version": ["1.0.3"],
        "extensions": {
            limits: {
                "statementsBytes": 2 * 1024 * 1024,
                "attachmentBytes": 20 * 1024 * 1024,
                "documentBytes": 1024 * 1024,
            }
        },
    }
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert client.head("/xapi/about").content == b""


def test_other_methods_are_json_405s_with_allow(lrs_client):
    response = lrs_client.client.delete("/xapi/statements", **lrs_client.headers)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST", "PUT"}
    assert response.json()["error"]
    about = lrs_client.client.post("/xapi/about", **lrs_client.headers)
    assert about.status_code == 405 and about.json()["error"]


# -- the alternate request syntax (section 1.3) ---------------------------------


def alternate(client: Client, path: str, method: str, form: str, query: str = ""):
    return client.post(
        f"{path}?method={method}{query}",
        data=form,
        content_type="application/x-www-form-urlencoded",
    )


def form_body(fields: dict) -> str:
    return urlencode(fields)


def test_alternate_put_stores_a_statement(lrs_client):
    statement = make_statement()
    response = alternate(
        lrs_client.client,
        "/xapi/statements",
        "PUT",
        form_body(
            {
                "Authorization": basic(),
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
                "statementId": statement["id"],
                "content": json.dumps(statement),
            }
        ),
    )
    assert response.status_code == 204, response.content
    assert Statement.objects.filter(statement_id=statement["id"]).exists()


def test_alternate_get_reads_with_form_parameters(lrs_client):
    statement = make_statement()
    lrs_client.post(statement)
    response = alternate(
        lrs_client.client,
        "/xapi/statements",
        "GET",
        form_body(
            {
                "Authorization": basic(),
                "X-Experience-API-Version": "1.0.3",
                "statementId": statement["id"],
            }
        ),
    )
    assert response.status_code == 200
    assert response.json()["id"] == statement["id"]
    assert "X-Experience-API-Consistent-Through" in response


def test_alternate_syntax_refuses_other_query_parameters(lrs_client):
    form = form_body({"Authorization": basic(), "X-Experience-API-Version": "1.0.3"})
    response = alternate(
        lrs_client.client, "/xapi/statements", "GET", form, "&statementId=x"
    )
    assert response.status_code == 400 and response.json()["field"] == "statementId"


def test_alternate_syntax_needs_a_form_and_a_known_method(lrs_client):
    form = form_body({"Authorization": basic(), "X-Experience-API-Version": "1.0.3"})
    response = alternate(lrs_client.client, "/xapi/statements", "PATCH", form)
    assert response.status_code == 400 and response.json()["field"] == "method"
    response = lrs_client.client.post(
        "/xapi/statements?method=GET", data="{}", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "Content-Type"


def test_alternate_syntax_needs_credentials_and_version_in_the_form(lrs_client):
    response = alternate(
        lrs_client.client,
        "/xapi/statements",
        "GET",
        form_body({"X-Experience-API-Version": "1.0.3"}),
    )
    assert response.status_code == 401
    response = alternate(
        lrs_client.client,
        "/xapi/statements",
        "GET",
        form_body({"Authorization": basic()}),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "X-Experience-API-Version"


def test_alternate_put_of_a_state_document_with_if_none_match(lrs_client):
    fields = {
        "Authorization": basic(),
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
        "activityId": ACTIVITY,
        "agent": AGENT,
        "stateId": "bookmark",
        "content": '{"page": 3}',
        "If-None-Match": "*",
    }
    path = "/xapi/activities/state"
    assert (
        alternate(lrs_client.client, path, "PUT", form_body(fields)).status_code == 204
    )
    again = alternate(lrs_client.client, path, "PUT", form_body(fields))
    assert again.status_code == 412
    fields.pop("content")
    got = alternate(lrs_client.client, path, "GET", form_body(fields))
    assert got.status_code == 200 and got.json() == {"page": 3}
