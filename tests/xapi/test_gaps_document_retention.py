"""Retention also ages xAPI documents: the State and Agent Profile documents
kept under the agent of someone who left more than
CRYSTAL_RETAIN_STATEMENTS_DAYS ago are deleted with their statements."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.privacy.services import retention_apply
from crystal_learning.xapi.agents import agent_key, person_agent
from crystal_learning.xapi.documents.models import XapiDocument
from tests.people.factories import PersonFactory
from tests.xapi.factories import ACTIVITY
from tests.xapi.helpers import ACTIVITY_PROFILE, AGENT_PROFILE, STATE, call

Kind = XapiDocument.Kind


def left(days_ago: int, **fields) -> Person:
    person = PersonFactory(**fields)
    Person.objects.filter(pk=person.pk).update(
        active=False, deactivated_on=timezone.localdate() - timedelta(days=days_ago)
    )
    return person


def documents_of(api, agent: dict) -> None:
    """A State and an Agent Profile document stored for `agent` over the API."""
    agent_json = json.dumps(agent)
    for path, params in (
        (STATE, {"activityId": ACTIVITY, "agent": agent_json, "stateId": "bookmark"}),
        (AGENT_PROFILE, {"agent": agent_json, "profileId": "preferences"}),
    ):
        response = call(api.client, "PUT", path, params, b'{"a": 1}', **api.headers)
        assert response.status_code == 204, response.content


def kinds_for(agent: dict) -> set[str]:
    return set(
        XapiDocument.objects.filter(agent_key=agent_key(agent)).values_list(
            "kind", flat=True
        )
    )


@pytest.fixture
def people(lrs_client, settings):
    settings.CRYSTAL_RETAIN_STATEMENTS_DAYS = 365
    gone = left(400, email="gone@example.police.uk")
    recent = left(100)
    staying = PersonFactory()
    mailbox = {"mbox": "mailto:Gone@Example.Police.UK"}
    for person in (gone, recent, staying):
        documents_of(lrs_client, person_agent(person.staff_number))
    documents_of(lrs_client, mailbox)
    profile = {"activityId": ACTIVITY, "profileId": "course"}
    response = call(
        lrs_client.client,
        "PUT",
        ACTIVITY_PROFILE,
        profile,
        b"{}",
        **lrs_client.headers,
    )
    assert response.status_code == 204
    return gone, recent, staying, mailbox


def test_a_long_gone_leavers_documents_are_deleted(people):
    gone, recent, staying, mailbox = people
    report = retention_apply()
    assert report.documents == 4  # State and Agent Profile, by account and e-mail
    assert kinds_for(person_agent(gone.staff_number)) == set()
    assert kinds_for(mailbox) == set()
    both = {Kind.STATE, Kind.AGENT_PROFILE}
    assert kinds_for(person_agent(recent.staff_number)) == both
    assert kinds_for(person_agent(staying.staff_number)) == both
    # An Activity Profile belongs to no one: kept.
    assert XapiDocument.objects.filter(kind=Kind.ACTIVITY_PROFILE).count() == 1


def test_the_command_says_how_many_documents_went(people):
    out = io.StringIO()
    call_command("crystal_retention", stdout=out)
    assert "4 xAPI documents" in out.getvalue()
    assert XapiDocument.objects.count() == 5


def test_a_setting_of_zero_keeps_them(people, settings):
    settings.CRYSTAL_RETAIN_STATEMENTS_DAYS = 0
    assert retention_apply().documents == 0
    assert XapiDocument.objects.count() == 9
