"""The floor for xapi_ingest: the same statements written straight to the database.

python bench/xapi_raw_insert.py BODIES.json    (run with the benchmark's environment)

BODIES.json holds the batches (lists of statements) the benchmark POSTed. Each
statement gets a new id (the originals are stored by then) and what the LRS sets
(stored, authority, version), all before the clock starts; then each batch of
100 is written in one transaction on one connection, as the ingest path writes
it (`xapi/bulk.py`'s `rows_insert`): a multi-row INSERT of the statement rows,
the read of their seq numbers, the INSERTs of the activity and agent index rows
and of one delivery per statement and enabled endpoint (the forwarding outbox).
No validation, projection, hooks, authentication, JSON parsing or HTTP. Prints
the statements per second.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from crystal_learning.people.models import Person  # noqa: E402
from crystal_learning.xapi.agents import agent_key, staff_number_of  # noqa: E402
from crystal_learning.xapi.bulk import rows_insert  # noqa: E402
from crystal_learning.xapi.forwarding.models import Delivery, LRSEndpoint  # noqa: E402
from crystal_learning.xapi.models import (  # noqa: E402
    Statement,
    StatementActivity,
    StatementAgent,
)

HOMEPAGE = "https://learning.example.police.uk"
AUTHORITY = {
    "objectType": "Agent",
    "account": {"homePage": f"{HOMEPAGE}/lrs-clients", "name": "bench"},
}
STATEMENT_FIELDS = (
    "statement_id",
    "actor_key",
    "person",
    "verb_id",
    "object_type",
    "activity_id",
    "object_agent_key",
    "object_statement_id",
    "registration",
    "timestamp",
    "stored",
    "voided",
    "client",
    "payload",
)


def _prepared(batch: list[dict], people: dict[str, int], stored: datetime) -> list:
    authority = agent_key(AUTHORITY)
    rows = []
    for original in batch:
        payload = {
            **original,
            "id": str(uuid.uuid4()),
            "stored": stored.isoformat(),
            "authority": AUTHORITY,
            "version": "1.0.3",
        }
        actor = agent_key(payload["actor"])
        parents = payload["context"]["contextActivities"]["parent"]
        rows.append(
            (
                (
                    uuid.UUID(payload["id"]),
                    actor,
                    people.get(staff_number_of(payload["actor"])),
                    payload["verb"]["id"],
                    "Activity",
                    payload["object"]["id"],
                    "",
                    None,
                    None,
                    datetime.fromisoformat(payload["timestamp"]),
                    stored,
                    False,
                    None,
                    payload,
                ),
                [payload["object"]["id"], *(p["id"] for p in parents)],
                [actor, authority],
            )
        )
    return rows


def main() -> None:
    batches = json.loads(Path(sys.argv[1]).read_text())
    people = dict(Person.objects.values_list("staff_number", "pk"))
    endpoints = list(
        LRSEndpoint.objects.filter(enabled=True).values_list("pk", flat=True)
    )
    stored = datetime.now(UTC)
    prepared = [_prepared(batch, people, stored) for batch in batches]
    started = time.perf_counter()
    for rows in prepared:
        with transaction.atomic():
            rows_insert(Statement, STATEMENT_FIELDS, [row[0] for row in rows])
            ids = [row[0][0] for row in rows]
            seq_of = dict(
                Statement.objects.filter(statement_id__in=ids).values_list(
                    "statement_id", "seq"
                )
            )
            seqs = [seq_of[i] for i in ids]
            rows_insert(
                StatementActivity,
                ("statement", "activity_id"),
                [(s, a) for s, row in zip(seqs, rows, strict=True) for a in row[1]],
            )
            rows_insert(
                StatementAgent,
                ("statement", "agent_key"),
                [(s, g) for s, row in zip(seqs, rows, strict=True) for g in row[2]],
            )
            if endpoints:
                rows_insert(
                    Delivery,
                    (
                        "statement",
                        "endpoint",
                        "status",
                        "attempts",
                        "last_error",
                        "created_at",
                    ),
                    [(s, e, "pending", 0, "", stored) for s in seqs for e in endpoints],
                )
    elapsed = time.perf_counter() - started
    print(f"{sum(len(rows) for rows in prepared) / elapsed:.0f}", flush=True)


if __name__ == "__main__":
    main()
