"""Nobody can block a colleague's completion by taking its statement id first.

Found by a hostile learner: platform milestone ids were uuid5 of public parts
(verb, staff number, activity, version), so posting any statement under that
id first meant the colleague's real completion was silently dropped.
"""

from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import ModelLogEntry

from crystal_learning.people.models import Person
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.services import credential_create
from crystal_learning.xapi.vocabulary import Verb, VideoExtension
from modules.models import VideoWatch

XAPI = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
SECRET = "a-long-test-secret"
#: The namespace the old, guessable milestone ids were made in.
OLD_NAMESPACE = uuid.UUID("8d6f0a52-3c1b-5e7e-9f6e-6a1f3c2d4b10")


@pytest.fixture
def attacker(module):
    return Person.objects.get(user__username="officer")


@pytest.fixture
def colleague(attacker):
    return (
        Person.objects.filter(active=True, user__isnull=False)
        .exclude(pk=attacker.pk)
        .order_by("staff_number")
        .first()
    )


def browser_for(person: Person, page) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(person.user)
    client.get(page.url)
    return client


def post(client: Client, statements: list[dict], **extra):
    return client.post(
        "/xapi/statements",
        data=json.dumps(statements),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
        **XAPI,
        **extra,
    )


def watch_to_the_end(person: Person, module) -> None:
    """The colleague watches the whole video in real time, as the player reports."""
    client = browser_for(person, module)
    start = timezone.now()

    def viewing(verb, **result):
        statement = {
            "actor": person_agent(person.staff_number),
            "verb": {"id": verb},
            "object": {"objectType": "Activity", "id": module.activity_id},
            "context": {"extensions": {VideoExtension.SESSION_ID: "s-1"}},
        }
        if result:
            statement["result"] = {"extensions": result}
        return statement

    with freeze_time(start):
        assert post(client, [viewing(Verb.INITIALIZED)]).status_code == 200
    with freeze_time(start + timedelta(seconds=85)):
        played = {VideoExtension.PLAYED_SEGMENTS: "0[.]80"}
        assert post(client, [viewing(Verb.PAUSED, **played)]).status_code == 200


def completed(person: Person, module) -> bool:
    progress = Progress.objects.filter(
        person=person, activity_id=module.activity_id
    ).first()
    return progress is not None and progress.status == "completed"


def platform_completions(person: Person, module):
    return Statement.objects.filter(
        person=person,
        activity_id=module.activity_id,
        verb_id=Verb.COMPLETED,
        payload__authority__account__name="crystal-learning",
    )


def test_the_old_public_milestone_id_no_longer_blocks_a_completion(
    module, attacker, colleague
):
    guessed = uuid.uuid5(
        OLD_NAMESPACE,
        f"{Verb.COMPLETED}|{colleague.staff_number}|{module.activity_id}|1",
    )
    squat = {
        "id": str(guessed),
        "actor": person_agent(attacker.staff_number),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"objectType": "Activity", "id": "https://example.org/nothing"},
    }
    assert post(browser_for(attacker, module), [squat]).status_code == 200

    watch_to_the_end(colleague, module)
    assert completed(colleague, module)
    assert platform_completions(colleague, module).count() == 1


def test_a_taken_milestone_id_never_drops_the_milestone(module, colleague):
    """Even if the keyed id leaked, the milestone is recorded under a new id."""
    taken = build.milestone_id(
        Verb.COMPLETED, colleague.staff_number, module.activity_id, "1"
    )
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    token = base64.b64encode(f"tool:{SECRET}".encode()).decode()
    squat = {
        "id": taken,
        "actor": person_agent("S-NOBODY"),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"objectType": "Activity", "id": "https://example.org/nothing"},
    }
    response = Client().post(
        "/xapi/statements",
        data=json.dumps(squat),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
        **XAPI,
    )
    assert response.status_code == 200

    watch_to_the_end(colleague, module)
    assert completed(colleague, module)
    statement = platform_completions(colleague, module).get()
    assert str(statement.statement_id) != taken


def test_a_dropped_completion_is_restored_by_rebuilding_progress(module, colleague):
    """What a completion dropped before this fix looks like: the server's viewing
    record says completed, the store has no statement. The rebuild restores it."""
    watch_to_the_end(colleague, module)
    platform_completions(colleague, module).delete()
    Progress.objects.filter(person=colleague).delete()
    assert VideoWatch.objects.get(person=colleague, page=module).completed_at

    call_command("crystal_rebuild_progress", stdout=StringIO())

    assert platform_completions(colleague, module).count() == 1
    assert completed(colleague, module)
    # Running it again restores nothing twice.
    call_command("crystal_rebuild_progress", stdout=StringIO())
    assert platform_completions(colleague, module).count() == 1


def void(client_name: str, statement_id: str):
    token = base64.b64encode(f"{client_name}:{SECRET}".encode()).decode()
    return Client().post(
        "/xapi/statements",
        data=json.dumps(
            {
                "actor": person_agent("S-ADMIN"),
                "verb": {"id": Verb.VOIDED},
                "object": {"objectType": "StatementRef", "id": statement_id},
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
        **XAPI,
    )


def test_voiding_a_platform_completion_needs_its_own_scope_and_is_audited(
    module, colleague
):
    watch_to_the_end(colleague, module)
    statement = platform_completions(colleague, module).get()
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    refused = void("tool", str(statement.statement_id))
    assert refused.status_code == 403
    assert "statements/void-platform" in refused.json()["error"]
    statement.refresh_from_db()
    assert not statement.voided and completed(colleague, module)

    credential_create(
        name="records-officer",
        secret=SECRET,
        scopes=["all", "statements/void-platform"],
    )
    assert void("records-officer", str(statement.statement_id)).status_code == 200
    statement.refresh_from_db()
    assert statement.voided and not completed(colleague, module)
    entry = ModelLogEntry.objects.get(action="crystal.void_platform")
    assert entry.data["statements"] == [str(statement.statement_id)]
