"""Top the benchmark's statement store up to N statements with bulk inserts (untimed).

python bench/xapi_preload.py 100000    (run with the benchmark's environment)
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django  # noqa: E402

django.setup()

from xapi_ingest import HOMEPAGE, statement  # noqa: E402

from crystal_learning.people.models import Person  # noqa: E402
from crystal_learning.xapi.agents import agent_key  # noqa: E402
from crystal_learning.xapi.models import (  # noqa: E402
    Statement,
    StatementActivity,
    StatementAgent,
)
from crystal_learning.xapi.progress import progress_rebuild  # noqa: E402

AUTHORITY = {
    "objectType": "Agent",
    "account": {"homePage": f"{HOMEPAGE}/lrs-clients", "name": "bench"},
}


def preload(target: int) -> None:
    rng = random.Random(target)
    staff = list(Person.objects.values_list("staff_number", "pk"))
    have = Statement.objects.count()
    started = time.monotonic()
    base = datetime(2026, 1, 1, tzinfo=UTC)
    authority_key = agent_key(AUTHORITY)
    while have < target:
        rows = []
        for index in range(min(5000, target - have)):
            number, pk = rng.choice(staff)
            when = base + timedelta(seconds=have + index)
            payload = statement(number, rng, when)
            payload.update(
                {"stored": when.isoformat(), "authority": AUTHORITY, "version": "1.0.3"}
            )
            rows.append(
                Statement(
                    statement_id=payload["id"],
                    actor_key=agent_key(payload["actor"]),
                    person_id=pk,
                    verb_id=payload["verb"]["id"],
                    object_type="Activity",
                    activity_id=payload["object"]["id"],
                    timestamp=when,
                    stored=when,
                    payload=payload,
                )
            )
        Statement.objects.bulk_create(rows, batch_size=1000)
        parent = rows[0].payload["context"]["contextActivities"]["parent"][0]["id"]
        StatementActivity.objects.bulk_create(
            [
                StatementActivity(statement_id=row.pk, activity_id=activity)
                for row in rows
                for activity in (row.activity_id, parent)
            ],
            batch_size=2000,
        )
        StatementAgent.objects.bulk_create(
            [
                StatementAgent(statement_id=row.pk, agent_key=key)
                for row in rows
                for key in (row.actor_key, authority_key)
            ],
            batch_size=2000,
        )
        have += len(rows)
    records = progress_rebuild()
    print(
        f"preloaded to {have} in {time.monotonic() - started:.0f} s; "
        f"{records} progress records",
        flush=True,
    )


if __name__ == "__main__":
    preload(int(sys.argv[1]))
