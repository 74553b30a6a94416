"""A signature's payload is compared with the statement by the spec's rules
(xAPI 1.0.3 Data 2.3.1, "Statement Comparision Requirements"): differences the
exceptions to immutability could cause are ignored, every other one is not."""

from __future__ import annotations

import copy

import pytest

from crystal_learning.xapi.models import Statement
from tests.xapi.factories import make_statement
from tests.xapi.helpers import jws, multipart, rsa_key, send_multipart, signed

PARENT = "https://learning.example.police.uk/xapi/activities/programme/p1"
REGISTRATION = "6f1e1b5c-1111-4c1b-9d36-5b2c1a0c1f00"


@pytest.fixture(scope="module")
def key():
    return rsa_key()


def members(*names: str) -> list[dict]:
    return [{"mbox": f"mailto:{name}@Example.ORG"} for name in names]


def statement() -> dict:
    """A statement with everything the exceptions concern."""
    return make_statement(
        actor={"objectType": "Group", "member": members("ann", "bob", "cy")},
        verb={
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-GB": "completed"},
        },
        result={"duration": "PT1H"},
        context={
            "registration": REGISTRATION,
            "language": "en-GB",
            "instructor": {"mbox": "mailto:Trainer@Example.ORG"},
            "contextActivities": {
                "parent": [{"id": PARENT, "definition": {"name": {"en-GB": "Core"}}}]
            },
        },
    )


def send(api, received: dict, signed_form: dict, key):
    body, part = signed(received, jws(signed_form, key))
    return send_multipart(api, multipart(body, part))


def _display(s):
    s["verb"]["display"] = {"en-US": "finished", "fr": "terminé"}


def _definitions(s):
    s["object"]["definition"] = {"name": {"en-GB": "Renamed"}, "type": PARENT}
    s["context"]["contextActivities"]["parent"][0].pop("definition")


def _order(s):
    s["actor"]["member"].reverse()


def _case(s):
    s["actor"]["member"][0]["mbox"] = "mailto:ann@EXAMPLE.org"
    s["context"]["instructor"]["mbox"] = "mailto:Trainer@example.org"
    s["context"]["registration"] = REGISTRATION.upper()
    s["context"]["language"] = "EN-gb"
    s["id"] = s["id"].upper()


@pytest.mark.parametrize("change", [_display, _definitions, _order, _case])
def test_what_the_exceptions_allow_may_differ(lrs_client, key, change):
    received = statement()
    signed_form = copy.deepcopy(received)
    change(signed_form)
    response = send(lrs_client, received, signed_form, key)
    assert response.status_code == 200, response.content
    assert Statement.objects.filter(statement_id=received["id"]).exists()


def _duration(s):
    s["result"]["duration"] = "PT60M"  # the same time, another string


def _activity(s):
    s["object"]["id"] = PARENT


def _member(s):
    s["actor"]["member"].pop()


def _local_part(s):
    s["actor"]["member"][0]["mbox"] = "mailto:ANN@Example.ORG"


def _verb(s):
    s["verb"]["id"] = "http://adlnet.gov/expapi/verbs/passed"


def _extension(s):
    s["context"]["extensions"] = {"https://example.org/ext/x": 1}


@pytest.mark.parametrize(
    "change", [_duration, _activity, _member, _local_part, _verb, _extension]
)
def test_anything_else_must_be_equal(lrs_client, key, change):
    received = statement()
    signed_form = copy.deepcopy(received)
    change(signed_form)
    response = send(lrs_client, received, signed_form, key)
    assert response.status_code == 400, response.content
    assert "its payload differs" in response.json()["error"]
    assert not Statement.objects.exists()


def test_a_sub_statements_verb_display_and_definitions_are_not_compared(
    lrs_client, key
):
    inner = {
        "objectType": "SubStatement",
        "actor": {"mbox": "mailto:someone@example.org"},
        "verb": {"id": "https://example.org/verbs/plans", "display": {"en": "plans"}},
        "object": {"id": PARENT, "definition": {"name": {"en": "Core"}}},
    }
    received = make_statement(object=inner)
    signed_form = copy.deepcopy(received)
    signed_form["object"]["verb"]["display"] = {"en": "intends"}
    signed_form["object"]["object"].pop("definition")
    assert send(lrs_client, received, signed_form, key).status_code == 200
    tampered = copy.deepcopy(received)
    tampered["id"] = make_statement()["id"]
    signed_form = copy.deepcopy(tampered)
    signed_form["object"]["verb"]["id"] = "https://example.org/verbs/cancels"
    response = send(lrs_client, tampered, signed_form, key)
    assert response.status_code == 400, response.content


@pytest.mark.parametrize(
    "payload_context",
    [
        {"contextActivities": {"parent": 5}},
        {"contextActivities": [1, 2]},
        {"registration": 7, "instructor": "x", "language": ["en"]},
    ],
)
def test_a_hostile_payload_is_a_400_never_a_500(lrs_client, key, payload_context):
    received = statement()
    signed_form = {**copy.deepcopy(received), "context": payload_context}
    signed_form["object"] = {
        "objectType": "SubStatement",
        "context": {"contextActivities": {"other": "x"}},
        "object": {"objectType": "SubStatement", "context": payload_context},
    }
    response = send(lrs_client, received, signed_form, key)
    assert response.status_code == 400, response.content
