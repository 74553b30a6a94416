"""Reads for supervisors' checks: finding a crime by its reference, the
ring-backs due, and what ring-backs and dip samples found (for the figures).

How a finding changes the figures (docs/victim-care.md, "Supervisors' checks"):

* the latest dip sample of a record decides each box it judged: "right" makes
  the box compliant, "wrong" makes it non-compliant, "not applicable" leaves
  the log's own answer;
* a ring-back where the victim was reached and says a box logged "yes" was not
  done flags that box: non-compliant, whatever a dip sample said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from crystal_learning.people.models import Person
from crystal_learning.people.selectors import line_above

from .crime_refs import crime_ref_hash
from .models import BOXES, Answer, DipSample, Judgement, RingBack, VictimCareRecord
from .models import VictimSaid as Said

#: A ring-back is due once a record is this many days old (the seven-day ring-back).
RING_BACK_AFTER_DAYS = 7


def supervision_findings(
    records: QuerySet[VictimCareRecord],
) -> dict[int, dict[str, bool]]:
    """``{record id: {box: right?}}`` from dip samples and ring-backs (two
    queries however many records: they are read as a sub-query)."""
    findings: dict[int, dict[str, bool]] = {}
    chosen = records.values("pk")
    latest: dict[int, dict] = {}
    for sample in (
        DipSample.objects.filter(record_id__in=chosen)
        .order_by("sampled_on", "pk")
        .values("record_id", *BOXES)
    ):
        latest[sample["record_id"]] = sample  # the last one stands
    for record_id, sample in latest.items():
        judged = {
            box: sample[box] == Judgement.RIGHT
            for box in BOXES
            if sample[box] in (Judgement.RIGHT, Judgement.WRONG)
        }
        if judged:
            findings[record_id] = judged
    for ring_back in RingBack.objects.filter(
        record_id__in=chosen, victim_reached=True
    ).values("record_id", *BOXES, *(f"record__{box}" for box in BOXES)):
        for box in BOXES:
            if (
                ring_back[box] == Said.NOT_DONE
                and ring_back[f"record__{box}"] == Answer.YES
            ):
                findings.setdefault(ring_back["record_id"], {})[box] = False
    return findings


def supervised_records(*, supervisor: Person, team_ids: frozenset[int]):
    """Records a supervisor may check: their teams' officers', not their own
    (nor those of anyone up their line)."""
    return VictimCareRecord.objects.filter(person__team_id__in=team_ids).exclude(
        person_id__in=line_above(person=supervisor)
    )


@dataclass(frozen=True)
class Lookup:
    """A crime reference looked up for a supervisor: the record, or why not."""

    record: VictimCareRecord | None
    problem: str = ""  # "unknown", "not_yours", "own"


def record_for_supervisor(
    *, crime_ref: str, supervisor: Person, team_ids: frozenset[int]
) -> Lookup:
    """The record of a typed crime reference, if the supervisor may check it."""
    record = (
        VictimCareRecord.objects.select_related("person", "team")
        .filter(crime_ref_hash=crime_ref_hash(crime_ref))
        .first()
    )
    if record is None:
        return Lookup(None, "unknown")
    if record.person.team_id not in team_ids:
        return Lookup(None, "not_yours")
    if not supervised_records(supervisor=supervisor, team_ids=team_ids).filter(
        pk=record.pk
    ):
        return Lookup(None, "own")
    return Lookup(record)


def ring_backs_due(
    *, supervisor: Person, team_ids: frozenset[int], today: date
) -> QuerySet[VictimCareRecord]:
    """Records 7 or more days old with no ring-back, longest waiting first."""
    return (
        supervised_records(supervisor=supervisor, team_ids=team_ids)
        .filter(recorded_on__lte=today - timedelta(days=RING_BACK_AFTER_DAYS))
        .exclude(Exists(RingBack.objects.filter(record=OuterRef("pk"))))
        .select_related("person", "team")
        .order_by("recorded_on", "pk")
    )


def recent_checks(*, team_ids: frozenset[int], limit: int = 10) -> dict[str, list]:
    """The latest ring-backs and dip samples of the teams' records (My teams)."""
    return {
        "ring_backs": list(
            RingBack.objects.filter(record__person__team_id__in=team_ids)
            .select_related("record__person", "supervisor")
            .order_by("-made_on", "-pk")[:limit]
        ),
        "dip_samples": list(
            DipSample.objects.filter(record__person__team_id__in=team_ids)
            .select_related("record__person", "supervisor")
            .order_by("-sampled_on", "-pk")[:limit]
        ),
    }
