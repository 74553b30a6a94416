"""Three months of victim care records for the demo force, per team.

Plausible, not random noise: each team's compliance rises with its training
coverage at the month's end (read from the coverage snapshots the history
rebuilt), so the coverage page's chart shows the two moving together. Some
"no" answers carry a rationale and some do not; some closed cases say nobody
was interviewed under caution. Written with bulk_create: a few thousand rows
take well under a second.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Programme
from crystal_learning.reports.trend import coverage_trend
from crystal_learning.victim_care.crime_refs import crime_ref_hash
from crystal_learning.victim_care.models import BOXES, VictimCareRecord
from crystal_learning.victim_care.selectors import month_start, next_month

MONTHS = 3
RECORDS_PER_TEAM = (6, 14)
OFFICER_RANKS = (Person.Rank.CONSTABLE, Person.Rank.SPECIAL, Person.Rank.PCSO)
REASONS = {
    "leaflet_given": "Domestic abuse: written confirmation withheld for her safety.",
    "contact_details_left": "Victim asked for no paperwork at the address.",
    "vna_completed": "Victim too upset at first contact; VNA booked for the visit.",
    "contact_plan_agreed": "Victim could not be reached after first contact.",
    "vps_offered": "Victim declined to make a personal statement.",
    "right_to_review_given": "Suspect interviewed under caution; letter not sent.",
    "compensation_discussed": "No loss or injury; compensation not relevant.",
}
NOBODY_INTERVIEWED = "No suspect identified: nobody was interviewed under caution."


def _coverage_by_team_month(today: date) -> dict[tuple[int, date], float]:
    programme = Programme.objects.filter(name="Op Crystal core").first()
    if programme is None:
        return {}
    shares: dict[tuple[int, date], float] = {}
    teams = Person.objects.filter(active=True).values_list("team_id", flat=True)
    for team_id in set(teams):
        for point in coverage_trend(
            programme=programme,
            as_of=today,
            months=MONTHS,
            team_ids=frozenset({team_id}),
        ):
            if point.assigned:
                shares[(team_id, point.month)] = point.completed / point.assigned
    return shares


def _answers(rng: random.Random, skill: float, closed: bool) -> tuple[dict, str]:
    """One log's seven boxes and its rationale, for an officer team as good as
    `skill` (0 to 1)."""
    answers, reasons = {}, []
    for box in BOXES:
        at_closure = box in (
            "vps_offered",
            "right_to_review_given",
            "compensation_discussed",
        )
        if at_closure and not closed:
            # Open case: the honest answer is NA; the untrained answer N.
            answers[box] = "NA" if rng.random() < 0.6 + 0.4 * skill else "N"
        elif box == "right_to_review_given" and rng.random() < 0.5:
            answers[box] = "NA"
            if rng.random() < 0.4 + 0.6 * skill:
                reasons.append(NOBODY_INTERVIEWED)
        elif rng.random() < 0.62 + 0.36 * skill:
            answers[box] = "Y"
        else:
            answers[box] = "N"
            if rng.random() < 0.3 + 0.6 * skill:
                reasons.append(REASONS[box])
    return answers, " ".join(dict.fromkeys(reasons))


def demo_victim_care_build(*, seed: int, today: date | None = None) -> int:
    """Replace the demo's records with three months of them; return how many."""
    today = today or timezone.localdate()
    rng = random.Random(seed + 20)
    coverage = _coverage_by_team_month(today)
    officers: dict[int, list[int]] = {}
    for pk, team_id in (
        Person.objects.filter(active=True, rank__in=OFFICER_RANKS)
        .values_list("pk", "team_id")
        .order_by("pk")
    ):
        officers.setdefault(team_id, []).append(pk)
    first = month_start(today)
    for _ in range(MONTHS - 1):
        first = month_start(first - timedelta(days=1))
    now, records, number = timezone.now(), [], 0
    month = first
    while month <= today:
        last = min(today, next_month(month) - timedelta(days=1))
        for team_id, people in sorted(officers.items()):
            skill = coverage.get((team_id, month), 0.0)
            count = rng.randint(*RECORDS_PER_TEAM) * last.day // 30 or 1
            for _ in range(count):
                number += 1
                closed = rng.random() < 0.45
                answers, rationale = _answers(rng, skill, closed)
                records.append(
                    VictimCareRecord(
                        crime_ref_hash=crime_ref_hash(f"DEMO/{month:%y}/{number:06d}"),
                        recorded_on=month + timedelta(days=rng.randrange(last.day)),
                        person_id=rng.choice(people),
                        team_id=team_id,
                        rationale=rationale,
                        case_status="closed" if closed else "open",
                        imported_at=now,
                        **answers,
                    )
                )
        month = next_month(month)
    hashes = [r.crime_ref_hash for r in records]
    for start in range(0, len(hashes), 500):  # a re-run replaces its records
        VictimCareRecord.objects.filter(
            crime_ref_hash__in=hashes[start : start + 500]
        ).delete()
    VictimCareRecord.objects.bulk_create(records, batch_size=1000)
    return len(records)
