"""A hostile client against what the document resources share with every xAPI
resource: preconditions, since, the alternate request syntax, HEAD, paths and
concurrent creates (see test_hostile_documents.py for the rest)."""

from __future__ import annotations

import json
import threading
from urllib.parse import urlencode

import pytest
from django.test import Client

from crystal_learning.xapi.documents.models import XapiDocument
from crystal_learning.xapi.services import credential_create
from tests.xapi.helpers import (
    SECRET,
    STATE,
    VERSION,
    alternate,
    basic_header,
    call,
    own_state,
)

# -- preconditions -------------------------------------------------------------------


@pytest.fixture
def api(db):
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    return Client(), {**VERSION, "HTTP_AUTHORIZATION": basic_header()}


@pytest.fixture
def stored(api):
    client, headers = api
    params = own_state(api, stateId="s")
    put = call(client, "PUT", STATE, params, b'{"v": 1}', **headers)
    return client, headers, params, put["ETag"]


def test_if_match_lists_and_star(stored):
    client, headers, params, etag = stored
    for value, status in (
        (f'"nope", {etag}', 204),
        ("*", 204),
        ('"nope", "other"', 412),
        ("nope", 412),
        (",,,", 412),
        ('"*"', 412),
    ):
        response = call(
            client, "POST", STATE, params, b'{"w": 2}', HTTP_IF_MATCH=value, **headers
        )
        assert response.status_code == status, value
        etag = response.get("ETag", etag)
        if status == 204:
            etag = call(client, "GET", STATE, params, **headers)["ETag"]


def test_if_match_with_a_weak_etag_fails(stored):
    """Defect: RFC 7232 3.1: If-Match uses the strong comparison, so W/"..."
    never matches; services._tags strips W/ for If-Match too."""
    client, headers, params, etag = stored
    response = call(
        client, "PUT", STATE, params, b'{"v": 2}', HTTP_IF_MATCH=f"W/{etag}", **headers
    )
    assert response.status_code == 412


def test_if_none_match_star_refuses_an_existing_document_on_every_write(stored):
    client, headers, params, _etag = stored
    for method in ("PUT", "POST"):
        response = call(
            client,
            method,
            STATE,
            params,
            b'{"x": 1}',
            HTTP_IF_NONE_MATCH="*",
            **headers,
        )
        assert response.status_code == 412, method
    assert call(client, "GET", STATE, params, **headers).json() == {"v": 1}


@pytest.mark.parametrize(
    "since",
    [
        "2020-01-01",
        "2020-01-01T00:00:00",
        "yesterday",
        "1577836800",
        "2020-13-01T00:00:00Z",
        "2020-02-30T00:00:00Z",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "2020-01-01T00:00:00-00:00",
        "２０２０-01-01T00:00:00Z",
        "2020-01-01T00:00:00Z\n",
        "2020-01-01T00:00:00.1234567890Z",
        "",
    ],
)
def test_since_in_odd_formats_is_a_400_naming_it(stored, since):
    client, headers, params, _etag = stored
    params = {k: v for k, v in params.items() if k != "stateId"}
    response = call(client, "GET", STATE, {**params, "since": since}, **headers)
    if since == "":
        assert response.status_code == 200  # an empty since is no filter
        return
    assert response.status_code == 400, since
    assert response.json()["field"] == "since"


def test_since_with_an_id_is_refused(stored):
    client, headers, params, _etag = stored
    response = call(
        client, "GET", STATE, {**params, "since": "2020-01-01T00:00:00Z"}, **headers
    )
    assert response.status_code == 400 and response.json()["field"] == "since"


# -- the alternate request syntax and HEAD -----------------------------------------


def test_method_smuggling_is_refused(stored):
    client, headers, params, _etag = stored
    auth = {"Authorization": basic_header(), "X-Experience-API-Version": "1.0.3"}
    # A real PUT or GET carrying ?method= is a stray parameter.
    for method in ("PUT", "GET", "DELETE"):
        response = client.generic(
            method,
            f"{STATE}?{urlencode({**params, 'method': 'DELETE'})}",
            b"{}",
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 400 and response.json()["field"] == "method"
    # method in the form as well as the query; unknown methods; doubled methods.
    response = alternate(client, STATE, "GET", {**auth, **params, "method": "DELETE"})
    assert response.status_code == 400 and response.json()["field"] == "method"
    for method in ("PATCH", "OPTIONS", "GET,DELETE", "GET%00", "TRACE"):
        response = client.post(
            f"{STATE}?method={method}",
            data=urlencode({**auth, **params}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 400, method
    # A GET with content does not write; a JSON body is not a form.
    response = alternate(client, STATE, "get", {**auth, **params, "content": "{}"})
    assert response.status_code == 200 and response.json() == {"v": 1}
    response = client.post(
        f"{STATE}?method=DELETE",
        data=json.dumps({**auth, **params}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert call(client, "GET", STATE, params, **headers).json() == {"v": 1}


def test_a_doubled_method_is_refused_not_the_last_one_obeyed(stored):
    """Defect: ?method=GET&method=DELETE deletes (protocol.x_request reads
    request.GET["method"], the last value); a proxy or log reading the first
    sees a GET. A doubled method should be a 400 naming method."""
    client, headers, params, _etag = stored
    auth = {"Authorization": basic_header(), "X-Experience-API-Version": "1.0.3"}
    response = client.post(
        f"{STATE}?method=GET&method=DELETE",
        data=urlencode({**auth, **params}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400 and response.json()["field"] == "method"
    assert call(client, "GET", STATE, params, **headers).status_code == 200


def test_head_never_has_a_body(stored):
    client, headers, params, _etag = stored
    for query in (params, {**params, "stateId": "none"}, {"bad": "1"}):
        response = client.head(f"{STATE}?{urlencode(query)}", **headers)
        assert response.content == b"", query
        assert "X-Experience-API-Consistent-Through" in response
    auth = {"Authorization": basic_header(), "X-Experience-API-Version": "1.0.3"}
    response = alternate(client, STATE, "HEAD", {**auth, **params})
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == _etag


@pytest.mark.parametrize(
    "path",
    [
        "/xapi/activities/state/",
        "/xapi//activities/state",
        "/xapi/activities/state/..",
        "/xapi/activities/./state",
        "/xapi/activities/STATE",
        "/xapi/activities/state%2F",
        "/xapi/agents/profile/../../activities/state",
    ],
)
def test_path_tricks_reach_the_resource_or_a_json_404(stored, path):
    client, headers, params, _etag = stored
    response = client.get(f"{path}?{urlencode(params)}", **headers)
    assert response.status_code in (200, 404)
    assert response["Content-Type"].startswith("application/json")


# -- concurrency ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_with_if_none_match_let_exactly_one_win():
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    headers = {**VERSION, "HTTP_AUTHORIZATION": basic_header()}
    params = own_state(None, stateId="race")
    statuses = []

    def worker(n: int) -> None:
        from django.db import connection

        try:
            response = call(
                Client(),
                "PUT",
                STATE,
                params,
                json.dumps({"n": n}).encode(),
                HTTP_IF_NONE_MATCH="*",
                **headers,
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [204] + [412] * 5
    assert XapiDocument.objects.count() == 1
