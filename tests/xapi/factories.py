"""Builders for the xAPI tests: a statement body about one module, ready to post."""

from __future__ import annotations

import uuid

from crystal_learning.xapi.agents import person_agent

ACTIVITY = "https://learning.example.police.uk/xapi/activities/module/m1"


VERB = "http://adlnet.gov/expapi/verbs/completed"


def make_statement(staff_number: str = "S00001", **overrides) -> dict:
    statement = {
        "id": str(uuid.uuid4()),
        "actor": person_agent(staff_number),
        "verb": {"id": VERB, "display": {"en-GB": "completed"}},
        "object": {
            "objectType": "Activity",
            "id": ACTIVITY,
            "definition": {"name": {"en-GB": "Module 1"}},
        },
        "timestamp": "2026-11-26T09:00:00Z",
    }
    statement.update(overrides)
    return statement
