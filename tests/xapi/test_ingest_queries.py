"""Ingest speed (issue 21): a batch of statements costs the same few queries
however many statements it holds, with validation, the projection, the
programme hook and the forwarding outbox all on."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.models import Delivery, LRSEndpoint, Progress, Statement
from tests.people.factories import PersonFactory

BASE = "https://learning.example.police.uk/xapi/activities/"
ACTIVITIES = [f"{BASE}module/m{n}" for n in range(1, 4)]
PROGRESS = "https://w3id.org/xapi/video/extensions/progress"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
PLAYED = "https://w3id.org/xapi/video/verbs/played"


def _statement(staff_number: str, activity: str, verb: str, progress: float) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": person_agent(staff_number),
        "verb": {"id": verb, "display": {"en-GB": "did"}},
        "object": {
            "objectType": "Activity",
            "id": activity,
            "definition": {
                "name": {"en-GB": "Op Crystal module"},
                "type": "https://w3id.org/xapi/video/activity-type/video",
            },
        },
        "result": {"extensions": {PROGRESS: progress}},
        "context": {
            "contextActivities": {"parent": [{"id": f"{BASE}tile/op-crystal"}]},
            "extensions": {
                "https://w3id.org/xapi/video/extensions/session-id": uuid.uuid4().hex
            },
        },
        "timestamp": "2026-11-26T09:00:00Z",
    }


def _queries_of(post) -> list[str]:
    queries: list[str] = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        response = post()
    assert response.status_code == 200, response.content
    return queries


@pytest.fixture
def people(db):
    return PersonFactory.create_batch(30)


def test_a_batch_of_100_costs_the_queries_of_a_batch_of_10(lrs_client, people):
    LRSEndpoint.objects.create(name="elsewhere", url="https://lrs.example/xapi/")
    small = [
        _statement(people[i % 5].staff_number, ACTIVITIES[i % 3], PLAYED, 0.25)
        for i in range(10)
    ]
    large = [
        _statement(
            people[5 + i % 25].staff_number,
            ACTIVITIES[i % 3],
            COMPLETED if i % 4 == 0 else PLAYED,
            0.5,
        )
        for i in range(100)
    ]
    # The first request signs in with the password hash; it is then remembered.
    assert (
        lrs_client.post(
            [_statement(people[0].staff_number, ACTIVITIES[0], PLAYED, 0.1)]
        ).status_code
        == 200
    )

    ten = _queries_of(lambda: lrs_client.post(small))
    hundred = _queries_of(lambda: lrs_client.post(large))

    assert len(hundred) == len(ten), "\n".join(hundred)
    assert len(hundred) <= 18, "\n".join(hundred)
    # ... and every statement is stored, projected and queued for forwarding.
    assert Statement.objects.count() == 111
    assert Delivery.objects.count() == 111
    completer = people[5].staff_number  # statement 0 of the large batch: completed
    record = Progress.objects.get(
        person__staff_number=completer, activity_id=ACTIVITIES[0]
    )
    assert record.status == "completed" and record.progress == 1.0
    watcher = Progress.objects.get(
        person__staff_number=people[1].staff_number, activity_id=ACTIVITIES[1]
    )
    assert watcher.status == "in_progress" and watcher.progress == 0.25
    # Exactly one record per person and activity touched: 5 + 25 people.
    assert Progress.objects.count() == len(
        {(s["actor"]["account"]["name"], s["object"]["id"]) for s in small + large}
        | {(people[0].staff_number, ACTIVITIES[0])}
    )
