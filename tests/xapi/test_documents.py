"""The State, Activity Profile and Agent Profile resources (sections 2.3, 2.6, 2.7)
and their concurrency rules (section 3.1)."""

from __future__ import annotations

import hashlib
import json
import threading
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.services import credential_create
from tests.xapi.factories import ACTIVITY
from tests.xapi.helpers import SECRET, XAPIClient

AGENT = json.dumps(person_agent("S00001"))
REGISTRATION = "6f1e1b5c-1111-4c1b-9d36-5b2c1a0c1f00"
STATE = "/xapi/activities/state"
ACTIVITY_PROFILE = "/xapi/activities/profile"
AGENT_PROFILE = "/xapi/agents/profile"
#: Each resource, the parameters of its context, and its document id parameter.
CONTEXTS = {
    STATE: ({"activityId": ACTIVITY, "agent": AGENT}, "stateId"),
    ACTIVITY_PROFILE: ({"activityId": ACTIVITY}, "profileId"),
    AGENT_PROFILE: ({"agent": AGENT}, "profileId"),
}


class Docs:
    """Calls a document resource with xAPI headers and query parameters."""

    def __init__(self, xapi: XAPIClient, path: str = STATE):
        self.xapi, self.path = xapi, path
        self.context, self.id_param = CONTEXTS[path]

    def call(self, method, doc_id=None, body=None, ctype="application/json", **kw):
        params = {**self.context, **kw.pop("params", {})}
        if doc_id is not None:
            params[self.id_param] = doc_id
        query = urlencode(params)  # generic() takes no query dict
        data = json.dumps(body) if isinstance(body, dict | list) else (body or "")
        return self.xapi.client.generic(
            method,
            f"{self.path}?{query}",
            data,
            content_type=ctype,
            **{**self.xapi.headers, **kw},
        )


def sha1_etag(content: bytes) -> str:
    return f'"{hashlib.sha1(content).hexdigest()}"'  # noqa: S324 - the spec


@pytest.fixture
def state(lrs_client):
    return Docs(lrs_client, STATE)


# -- State: store, read, merge, list, delete ---------------------------------------


def test_put_then_get_returns_the_document_with_its_etag(state):
    put = state.call("PUT", "bookmark", "plain text", ctype="text/plain")
    assert put.status_code == 204
    got = state.call("GET", "bookmark")
    assert got.status_code == 200 and got.content == b"plain text"
    assert got["Content-Type"] == "text/plain"
    assert got["ETag"] == sha1_etag(b"plain text") == put["ETag"]
    assert "Last-Modified" in got and "X-Experience-API-Consistent-Through" in got
    head = state.call("HEAD", "bookmark")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"]


def test_a_missing_document_is_a_json_404(state):
    response = state.call("GET", "nothing")
    assert response.status_code == 404 and response.json()["field"] == "stateId"
    assert "X-Experience-API-Consistent-Through" in response


def test_post_merges_json_objects(state):
    assert state.call("POST", "s", {"a": 1, "b": 1}).status_code == 204  # as PUT
    assert state.call("POST", "s", {"b": 2, "c": 3}).status_code == 204
    assert state.call("GET", "s").json() == {"a": 1, "b": 2, "c": 3}


@pytest.mark.parametrize(
    ("first", "second", "ctype", "field"),
    [
        ("text", {"a": 1}, "text/plain", "Content-Type"),  # stored is not JSON
        ({"a": 1}, "text", "text/plain", "Content-Type"),  # posted is not JSON
        ({"a": 1}, [1, 2], "application/json", "content"),  # posted is no object
        ({"a": 1}, "{broken", "application/json", "content"),
    ],
)
def test_post_that_cannot_merge_is_a_400(state, first, second, ctype, field):
    first_type = "text/plain" if isinstance(first, str) else "application/json"
    state.call("PUT", "s", first, ctype=first_type)
    before = state.call("GET", "s").content
    response = state.call("POST", "s", second, ctype=ctype)
    assert response.status_code == 400 and response.json()["field"] == field
    assert state.call("GET", "s").content == before


def test_put_of_broken_json_is_a_400(state):
    response = state.call("PUT", "s", "{broken")
    assert response.status_code == 400 and response.json()["field"] == "content"


def test_get_without_an_id_lists_ids_since_a_time(state):
    state.call("PUT", "one", {"n": 1})
    between = timezone.now().isoformat()
    state.call("PUT", "two", {"n": 2})
    listed = state.call("GET")
    assert sorted(listed.json()) == ["one", "two"] and listed["ETag"].startswith('"')
    assert state.call("GET", params={"since": between}).json() == ["two"]
    response = state.call("GET", params={"since": "yesterday"})
    assert response.status_code == 400 and response.json()["field"] == "since"
    response = state.call("GET", "one", params={"since": between})
    assert response.status_code == 400 and response.json()["field"] == "since"


def test_registration_keeps_documents_apart(state):
    state.call("PUT", "s", {"r": 1}, params={"registration": REGISTRATION})
    state.call("PUT", "s", {"r": 0})
    got = state.call("GET", "s", params={"registration": REGISTRATION})
    assert got.json() == {"r": 1}
    assert state.call("GET", "s").json() == {"r": 0}
    assert state.call("GET", params={"registration": REGISTRATION}).json() == ["s"]


def test_delete_one_and_delete_a_context(state):
    for doc_id in ("a", "b"):
        state.call("PUT", doc_id, {"x": doc_id})
    state.call("PUT", "c", {"x": "c"}, params={"registration": REGISTRATION})
    assert state.call("DELETE", "a").status_code == 204
    assert state.call("GET", "a").status_code == 404
    assert (
        state.call("DELETE", params={"registration": REGISTRATION}).status_code == 204
    )
    assert sorted(state.call("GET").json()) == ["b"]
    assert state.call("DELETE").status_code == 204
    assert state.call("GET").json() == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"activityId": "not an iri"}, "activityId"),
        ({"agent": "{}"}, "agent"),
        ({"registration": "nope"}, "registration"),
        ({"bogus": "1"}, "bogus"),
    ],
)
def test_bad_parameters_are_400s_naming_them(state, params, field):
    response = state.call("PUT", "s", {"a": 1}, params=params)
    assert response.status_code == 400 and response.json()["field"] == field


def test_required_parameters(lrs_client):
    response = lrs_client.client.get(STATE, {"agent": AGENT}, **lrs_client.headers)
    assert response.status_code == 400 and response.json()["field"] == "activityId"
    response = Docs(lrs_client).call("PUT", None, {"a": 1})
    assert response.status_code == 400 and response.json()["field"] == "stateId"


def test_a_document_over_the_limit_is_a_413(state, settings):
    settings.CRYSTAL_XAPI_MAX_DOCUMENT_BYTES = 10
    response = state.call("PUT", "s", "x" * 11, ctype="text/plain")
    assert response.status_code == 413
    assert state.call("GET", "s").status_code == 404


# -- concurrency (section 3.1) -----------------------------------------------------


def test_state_writes_need_no_precondition_but_honour_one(state):
    etag = state.call("PUT", "s", {"v": 1})["ETag"]
    assert state.call("PUT", "s", {"v": 2}).status_code == 204  # State: allowed
    stale = state.call("PUT", "s", {"v": 3}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert state.call("POST", "s", {"w": 1}, HTTP_IF_MATCH=etag).status_code == 412
    assert state.call("DELETE", "s", HTTP_IF_MATCH=etag).status_code == 412
    assert state.call("GET", "s").json() == {"v": 2}
    current = state.call("GET", "s")["ETag"]
    assert state.call("PUT", "s", {"v": 4}, HTTP_IF_MATCH=current).status_code == 204
    exists = state.call("PUT", "s", {"v": 5}, HTTP_IF_NONE_MATCH="*")
    assert exists.status_code == 412
    assert state.call("GET", "s").json() == {"v": 4}


def test_if_match_on_a_missing_document_fails(state):
    response = state.call("PUT", "new", {"v": 1}, HTTP_IF_MATCH='"abc"')
    assert response.status_code == 412
    assert state.call("GET", "new").status_code == 404


@pytest.mark.parametrize("path", [ACTIVITY_PROFILE, AGENT_PROFILE])
def test_profile_put_over_a_document_needs_a_precondition(lrs_client, path):
    docs = Docs(lrs_client, path)
    assert docs.call("PUT", "p", {"v": 1}).status_code == 204  # new: allowed
    conflict = docs.call("PUT", "p", {"v": 2})
    assert conflict.status_code == 409 and "If-Match" in conflict.json()["error"]
    etag = docs.call("GET", "p")["ETag"]
    assert docs.call("PUT", "p", {"v": 2}, HTTP_IF_MATCH=etag).status_code == 204
    assert docs.call("PUT", "p", {"v": 3}, HTTP_IF_MATCH=etag).status_code == 412
    assert docs.call("POST", "p", {"w": 1}).status_code == 204  # POST: SHOULD only
    assert docs.call("GET", "p").json() == {"v": 2, "w": 1}
    assert docs.call("GET").json() == ["p"]
    assert docs.call("DELETE").status_code == 400  # profiles delete one by id
    assert docs.call("DELETE", "p").status_code == 204
    assert docs.call("GET", "p").status_code == 404


# -- who may use what ----------------------------------------------------------------


def credential(scopes: list[str]) -> XAPIClient:
    credential_create(name="-".join(scopes), secret=SECRET, scopes=scopes)
    return XAPIClient(Client(), key="-".join(scopes))


@pytest.mark.django_db
def test_scopes_state_and_profile():
    state_only = credential(["state"])
    assert Docs(state_only, STATE).call("PUT", "s", {"a": 1}).status_code == 204
    assert Docs(state_only, AGENT_PROFILE).call("GET").status_code == 403
    profile_only = credential(["profile"])
    assert Docs(profile_only, ACTIVITY_PROFILE).call("GET").status_code == 200
    assert Docs(profile_only, STATE).call("GET").status_code == 403
    reader = credential(["statements/read"])
    assert Docs(reader, STATE).call("GET").status_code == 403


@pytest.fixture
def session(officer):
    client = Client()  # CSRF is checked by the Statements API tests
    client.force_login(officer.user)
    return XAPIClient(client)


def test_a_browser_session_uses_its_own_state_and_agent_profile(session, officer):
    own = json.dumps(person_agent(officer.staff_number))
    for path in (STATE, AGENT_PROFILE):
        docs = Docs(session, path)
        assert docs.call("PUT", "d", {"a": 1}, params={"agent": own}).status_code == 204
        assert docs.call("GET", "d", params={"agent": own}).json() == {"a": 1}
        assert docs.call("GET", "d").status_code == 403  # S00001 is someone else


def test_a_browser_session_only_reads_activity_profiles(session, lrs_client):
    Docs(lrs_client, ACTIVITY_PROFILE).call("PUT", "p", {"a": 1})
    docs = Docs(session, ACTIVITY_PROFILE)
    assert docs.call("GET", "p").json() == {"a": 1}
    assert docs.call("PUT", "p", {"a": 2}).status_code == 403
    assert docs.call("DELETE", "p").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_all_merge():
    """Eight clients POST to one document at once: no write is lost."""
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    errors = []

    def worker(n: int) -> None:
        from django.db import connection

        try:
            response = Docs(XAPIClient(Client(), key="tool")).call(
                "POST", "s", {f"k{n}": n}
            )
            if response.status_code != 204:
                errors.append(response.content)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    got = Docs(XAPIClient(Client(), key="tool")).call("GET", "s")
    assert got.json() == {f"k{n}": n for n in range(8)}
    assert got["ETag"] == sha1_etag(got.content)
