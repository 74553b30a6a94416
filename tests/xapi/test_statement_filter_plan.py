"""The filtered Statements API read (issue 21): agent plus activity finds its page
through the (actor, activity, seq) index instead of reading the whole store
newest first, and statements that target a match still come back with it."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from crystal_learning.xapi import selectors
from crystal_learning.xapi.agents import agent_key, person_agent
from crystal_learning.xapi.models import Statement
from tests.xapi.factories import ACTIVITY, VERB, make_statement

BASE = "https://learning.example.police.uk/xapi/activities/module/bulk-"
CONFIRMED = "https://example.com/verbs/confirmed"


@pytest.fixture
def store(db):
    """3,000 statements: 60 people x 10 activities x 5, planner statistics fresh."""
    now = timezone.now()
    rows = []
    for person in range(60):
        actor = person_agent(f"P{person:04d}")
        for activity in range(10):
            for _ in range(5):
                statement_id = str(uuid.uuid4())
                body = make_statement(
                    f"P{person:04d}",
                    id=statement_id,
                    object={"objectType": "Activity", "id": f"{BASE}m{activity}"},
                    stored=now.isoformat(),
                )
                rows.append(
                    Statement(
                        statement_id=statement_id,
                        actor_key=agent_key(actor),
                        verb_id=VERB,
                        object_type="Activity",
                        activity_id=f"{BASE}m{activity}",
                        timestamp=now,
                        stored=now,
                        payload=body,
                    )
                )
    Statement.objects.bulk_create(rows, batch_size=500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _page_query(lrs_client, params: dict) -> tuple[str, list, dict]:
    """The SQL and parameters of the query that read the page, and the answer."""
    seen = []

    def kept(execute, sql, values, many, context):
        seen.append((sql, values))
        return execute(sql, values, many, context)

    with connection.execute_wrapper(kept):
        response = lrs_client.get(params)
    assert response.status_code == 200, response.content
    [(sql, values)] = [
        (sql, values) for sql, values in seen if "payload" in sql and "ORDER BY" in sql
    ]
    return sql, values, response.json()


def _plan(sql: str, values) -> str:
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, values)
        return "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())


def test_agent_and_activity_read_their_page_through_the_index(lrs_client, store):
    agent = json.dumps(person_agent("P0007"))
    sql, values, page = _page_query(
        lrs_client, {"agent": agent, "activity": f"{BASE}m3", "limit": 20}
    )

    assert len(page["statements"]) == 5
    assert "crystal_stmt_actor_act" in _plan(sql, values)


def test_statements_targeting_a_match_still_come_back(lrs_client, store):
    target = make_statement("S1")
    confirms = make_statement(
        "S2",
        verb={"id": CONFIRMED},
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    assert lrs_client.post([target, confirms]).status_code == 200
    agent = json.dumps(person_agent("S1"))

    *_, page = _page_query(lrs_client, {"agent": agent, "activity": ACTIVITY})

    assert {s["id"] for s in page["statements"]} == {target["id"], confirms["id"]}


def test_many_statements_targeting_a_match_all_come_back(
    lrs_client, store, monkeypatch
):
    monkeypatch.setattr(selectors, "TARGETING_LISTED", 1)
    target = make_statement("S1")
    confirmations = [
        make_statement(
            f"S{n}",
            verb={"id": CONFIRMED},
            object={"objectType": "StatementRef", "id": target["id"]},
        )
        for n in (2, 3, 4)
    ]
    assert lrs_client.post([target, *confirmations]).status_code == 200

    *_, page = _page_query(lrs_client, {"activity": ACTIVITY})

    assert {s["id"] for s in page["statements"]} == {
        target["id"],
        *(c["id"] for c in confirmations),
    }
