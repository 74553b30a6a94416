"""Cross-origin access to /xapi/: preflights answered without credentials,
every answer readable from any origin, never with the site's cookies."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest
from selenium.webdriver.common.by import By

from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.services import credential_create
from tests.browser.helpers import make_driver, quit_driver
from tests.xapi.factories import make_statement
from tests.xapi.helpers import (
    ACTIVITY_PROFILE,
    AGENT_PROFILE,
    SECRET,
    STATE,
    VERSION,
    basic_header,
)

RESOURCES = [
    "/xapi/statements",
    "/xapi/about",
    "/xapi/agents",
    "/xapi/activities",
    STATE,
    ACTIVITY_PROFILE,
    AGENT_PROFILE,
    "/xapi/no-such-resource",
]


def _readable_anywhere(response) -> None:
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {
        "ETag",
        "Last-Modified",
        "Content-Type",
        "X-Experience-API-Version",
        "X-Experience-API-Consistent-Through",
    } <= exposed
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("path", RESOURCES[:-1])
def test_a_preflight_is_answered_without_credentials(client, path):
    response = client.options(
        path,
        HTTP_ORIGIN="null",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PUT",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type,"
        "x-experience-api-version,if-match",
    )
    assert response.status_code == 204
    _readable_anywhere(response)
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"}
    headers = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {
        "Authorization",
        "Content-Type",
        "X-Experience-API-Version",
        "If-Match",
        "If-None-Match",
    } <= headers
    assert int(response["Access-Control-Max-Age"]) > 0


@pytest.mark.parametrize("path", RESOURCES)
def test_every_answer_is_readable_from_any_origin(db, client, path):
    """Errors too: 401 without credentials, 400, 404 for an unknown resource."""
    response = client.get(path, HTTP_ORIGIN="https://content.example", **VERSION)
    assert response.status_code in (200, 400, 401, 404)
    _readable_anywhere(response)


def test_statements_answers_carry_the_headers(lrs_client):
    statement = make_statement()
    posted = lrs_client.post(statement, HTTP_ORIGIN="null")
    assert posted.status_code == 200
    _readable_anywhere(posted)
    read = lrs_client.get({"statementId": statement["id"]}, HTTP_ORIGIN="null")
    assert read.status_code == 200
    _readable_anywhere(read)
    assert read["Last-Modified"]


# -- in Chromium: a page of another origin talks to the LRS --------------------


@pytest.fixture(scope="module")
def chromium():
    driver = make_driver()
    yield driver
    quit_driver(driver)


PAGE = (
    b"<!doctype html><title>package</title>"
    b'<iframe sandbox="allow-scripts" srcdoc="<p>content</p>"></iframe>'
)


@pytest.fixture
def content_origin():
    """Another origin on 127.0.0.1 serving a page with a sandboxed frame, as a
    package's content server would (no policy of ours on it)."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


FETCH = """
const [url, authorization, statement, done] = arguments;
const headers = {"X-Experience-API-Version": "1.0.3", Authorization: authorization};
const answer = {};
try {
  const posted = await fetch(url, {method: "POST", body: statement,
    headers: {...headers, "Content-Type": "application/json"}});
  answer.posted = [posted.status, await posted.json()];
  const read = await fetch(url + "?limit=1", {headers});
  answer.read = [read.status, read.headers.get("X-Experience-API-Consistent-Through"),
                 (await read.json()).statements.length];
} catch (error) { answer.error = String(error); }
try {
  await fetch(url, {headers: {"X-Experience-API-Version": "1.0.3"},
                    credentials: "include"});
  answer.withCookies = "read";
} catch (error) { answer.withCookies = "refused"; }
done(answer);
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_sandboxed_frame_posts_and_reads_statements_with_basic_auth(
    live_server, chromium, content_origin
):
    credential_create(name="package", secret=SECRET, scopes=["all"])
    statement = make_statement()
    chromium.get(content_origin)
    # The sandboxed frame's origin is opaque: its requests say Origin: null.
    chromium.switch_to.frame(chromium.find_element(By.TAG_NAME, "iframe"))
    assert chromium.execute_script("return window.origin") == "null"
    answer = chromium.execute_async_script(
        "(async () => {" + FETCH + "})()",
        f"{live_server.url}/xapi/statements",
        basic_header("package"),
        json.dumps(statement),
    )
    assert "error" not in answer, answer
    assert answer["posted"] == [200, [statement["id"]]]
    assert answer["read"][0] == 200 and answer["read"][1] and answer["read"][2] == 1
    # A request with the browser's cookies is never let through cross-origin.
    assert answer["withCookies"] == "refused"
    assert Statement.objects.count() == 1
