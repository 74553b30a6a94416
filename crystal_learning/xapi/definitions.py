"""The canonical definition of activities: what the Activities resource answers
(Communication 2.5) and what `format=canonical` puts in statements (2.1.3).

An activity's canonical definition is the one in the newest statement the
platform itself recorded about it, else in the newest from any source, wherever
the statement names it (object, context activities, sub-statement). Voided
statements do not count. Definitions are read for many activities at once, in
a fixed number of queries however many statements or activities a page holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber

from .agents import PLATFORM, homepage
from .models import StatementActivity
from .redaction import ANSWER_KEY

#: Statements read per activity, in rounds (rows low < n <= high, in order):
#: the newest usually gives the definition; at most DEFINITION_WINDOW are read.
ROUNDS = ((0, 1), (1, 10), (10, 200))
DEFINITION_WINDOW = ROUNDS[-1][1]
#: Activity ids asked about in one query.
CHUNK = 500
CONTEXT_LISTS = ("parent", "grouping", "category", "other")


def definition_in(payload: dict, activity_id: str) -> dict | None:
    """The definition `payload` gives the activity, wherever it names it."""
    candidates = [payload.get("object")]
    context = payload.get("context")
    target = payload.get("object")
    if isinstance(target, dict) and target.get("objectType") == "SubStatement":
        candidates.append(target.get("object"))
        contexts = [context, target.get("context")]
    else:
        contexts = [context]
    for ctx in contexts:
        lists = ctx.get("contextActivities") if isinstance(ctx, dict) else None
        for name in CONTEXT_LISTS if isinstance(lists, dict) else ():
            value = lists.get(name)
            candidates.extend(value if isinstance(value, list) else [value])
    for candidate in candidates:
        if (
            isinstance(candidate, dict)
            and candidate.get("id") == activity_id
            and candidate.get("objectType", "Activity") == "Activity"
            and candidate.get("definition")
        ):
            return candidate["definition"]
    return None


def _mentions(activity_ids: list[str], low: int, high: int):
    """(activity id, payload) of the statements ranked low+1..high for each
    activity: the platform's first, then newest first."""
    platform = Q(
        statement__payload__authority__account__name=PLATFORM,
        statement__payload__authority__account__homePage=f"{homepage()}/lrs-clients",
    )
    rank = Case(
        When(platform, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        StatementActivity.objects.filter(
            activity_id__in=activity_ids, statement__voided=False
        )
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("activity_id")],
                order_by=[rank.asc(), F("statement_id").desc()],
            )
        )
        .filter(row__gt=low, row__lte=high)
        .order_by("activity_id", "row")
        .values_list("activity_id", "statement__payload")
    )


def _found(activity_ids: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    wanted = list(activity_ids)
    for low, high in ROUNDS:
        read: dict[str, int] = {}
        for activity_id, payload in _mentions(wanted, low, high):
            read[activity_id] = read.get(activity_id, 0) + 1
            if activity_id not in found:
                definition = definition_in(payload, activity_id)
                if definition:
                    found[activity_id] = definition
        # Still without one, and with more statements left to read.
        wanted = [a for a in wanted if a not in found and read.get(a, 0) == high - low]
        if not wanted:
            break
    return found


def canonical_definitions(
    activity_ids: Iterable[str], *, answer_key: bool = True
) -> dict[str, dict]:
    """Each activity's canonical definition, by id (none known: left out).

    Without `answer_key` (a learner's own browser), interaction definitions
    lose `correctResponsesPattern` (see redaction.py).
    """
    ids = sorted({a for a in activity_ids if isinstance(a, str) and a})
    found: dict[str, dict] = {}
    for start in range(0, len(ids), CHUNK):
        found.update(_found(ids[start : start + CHUNK]))
    if not answer_key:
        found = {
            a: {k: v for k, v in d.items() if k not in ANSWER_KEY}
            for a, d in found.items()
        }
    return found


def canonical_activity(activity_id: str, *, answer_key: bool = True) -> dict:
    """The Activity object the Activities resource answers."""
    activity = {"objectType": "Activity", "id": activity_id}
    definition = canonical_definitions([activity_id], answer_key=answer_key)
    if activity_id in definition:
        activity["definition"] = definition[activity_id]
    return activity
