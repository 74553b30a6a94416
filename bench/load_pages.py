"""What bench/load.py's users read from pages and send, without locust (so a
profiler can use it too: importing locust patches the standard library for
gevent). Pages are bytes; the patterns are compiled once."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

SPAWN_RATE = 10  # new users a second
VIDEO = "https://w3id.org/xapi/video/"
EXT = VIDEO + "extensions/"
VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "played": "https://w3id.org/xapi/video/verbs/played",
    "progressed": "http://adlnet.gov/expapi/verbs/progressed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_DATA = re.compile(rb'data-csrf-token="([^"]+)"')
PLAYER = re.compile(rb'class="crystal-player"[^>]*>')
DATA_ATTR = re.compile(rb'data-([\w-]+)="([^"]*)"')
FORM = re.compile(rb'<form method="post" novalidate>(.*?)</form>', re.S)
INPUT = re.compile(rb"<input[^>]*>")
ATTR = re.compile(rb'([\w-]+)="([^"]*)"')
TEXTAREA = re.compile(rb'<textarea[^>]*name="([^"]+)"')
SELECT = re.compile(rb'<select[^>]*name="([^"]+)"[^>]*>\s*<option value="([^"]*)"')
REMIND = re.compile(rb'action="(/reports/my-teams/remind/\d+/)"')


def csrf(html: bytes) -> str:
    """The CSRF token of a page's form, or of its player."""
    match = CSRF_INPUT.search(html) or CSRF_DATA.search(html)
    return match[1].decode() if match else ""


def location(response) -> str:
    """Where a redirect leads (its path); empty when it is not a redirect."""
    if response.status_code not in (301, 302, 303) or not response.headers:
        return ""
    target = response.headers.get("location") or ""
    return urlsplit(target).path if target.startswith("http") else target


def statements(data: dict, session: str, duration: float, at: float, verb: str):
    """The player's batch (initialized, played, progressed or completed), as JSON."""
    actor = {
        "objectType": "Agent",
        "account": {"homePage": data["homepage"], "name": data["staff-number"]},
    }
    context = {
        "contextActivities": {"category": [{"id": VIDEO[:-1]}]},
        "extensions": {f"{EXT}session-id": session, f"{EXT}length": duration},
    }
    now = datetime.now(UTC).isoformat()

    def statement(verb: str, extensions: dict | None = None) -> dict:
        result = {"result": {"extensions": extensions}} if extensions else {}
        return result | {
            "actor": actor,
            "verb": {"id": VERBS[verb], "display": {"en-GB": verb}},
            "object": {"objectType": "Activity", "id": data["activity-id"]},
            "context": context,
            "timestamp": now,
        }

    progress = {
        f"{EXT}time": at,
        f"{EXT}progress": round(at / duration, 3),
        f"{EXT}played-segments": f"0[.]{at}",
    }
    batch = [
        statement("initialized"),
        statement("played", {f"{EXT}time": 0}),
        statement(verb, progress),
    ]
    return json.dumps(batch)


def answer_fields(html: bytes) -> dict | None:
    """The first option of every radio group and checkbox list, a line in every
    text box, the first choice of every list; None when there is no question."""
    form = FORM.search(html)
    if not form:
        return None
    fields = {"csrfmiddlewaretoken": csrf(html), "go": "next"}
    for tag in INPUT.findall(form[1]):
        attrs = {k.decode(): v.decode() for k, v in ATTR.findall(tag)}
        if attrs.get("type") in ("radio", "checkbox") and "name" in attrs:
            fields.setdefault(attrs["name"], attrs.get("value", ""))
    for name in TEXTAREA.findall(form[1]):
        fields[name.decode()] = "Recorded in the victim care log."
    for name, value in SELECT.findall(form[1]):
        fields[name.decode()] = value.decode()
    return fields
