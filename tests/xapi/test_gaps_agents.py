"""The Agents resource (Communication 2.4) links no identifiers: statements are
kept under the one identifier they carry, and a Person holds the identifier
asked about (2.4.s3.b3), never an e-mail or account the people records hold."""

from __future__ import annotations

import json

from crystal_learning.xapi.agents import person_agent
from tests.people.factories import PersonFactory
from tests.xapi.factories import make_statement


def person(api, agent: dict) -> dict:
    response = api.client.get(
        "/xapi/agents", {"agent": json.dumps(agent)}, **api.headers
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_a_person_holds_only_the_identifier_asked_about(lrs_client):
    officer = PersonFactory(email="alex.morgan@example.police.uk")
    account = person_agent(officer.staff_number)
    mailbox = {"mbox": "mailto:alex.morgan@example.police.uk", "name": "Alex"}
    assert lrs_client.post(make_statement(officer.staff_number)).status_code == 200
    assert lrs_client.post(make_statement(actor=mailbox)).status_code == 200

    by_account = person(lrs_client, account)
    assert by_account == {"objectType": "Person", "account": [account["account"]]}
    assert "alex.morgan" not in json.dumps(by_account)
    by_mailbox = person(lrs_client, {"mbox": mailbox["mbox"]})
    assert by_mailbox == {
        "objectType": "Person",
        "name": ["Alex"],
        "mbox": [mailbox["mbox"]],
    }
