"""Builders for the victim care tests: extract lines and records."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from crystal_learning.victim_care.crime_refs import crime_ref_hash
from crystal_learning.victim_care.importing import COLUMNS
from crystal_learning.victim_care.models import BOXES, VictimCareRecord

HEADER = ",".join(COLUMNS)


def line(
    crime_ref: str = "DU/26/1001",
    recorded_on: str = "2026-03-02",
    staff_number: str = "",
    boxes: str = "Y,Y,Y,Y,NA,NA,NA",
    rationale: str = "",
    status: str = "open",
) -> str:
    return ",".join([crime_ref, recorded_on, staff_number, boxes, rationale, status])


def extract(*lines: str, header: str = HEADER) -> str:
    return "\n".join([header, *lines]) + "\n"


def make_record(
    person,
    *,
    crime_ref: str = "DU/26/1001",
    recorded_on: date = date(2026, 3, 2),
    boxes: str = "Y,Y,Y,Y,NA,NA,NA",
    rationale: str = "",
    status: str = "open",
    team=None,
) -> VictimCareRecord:
    return VictimCareRecord.objects.create(
        crime_ref_hash=crime_ref_hash(crime_ref),
        recorded_on=recorded_on,
        person=person,
        team=team or person.team,
        rationale=rationale,
        case_status=status,
        imported_at=timezone.now(),
        **dict(zip(BOXES, boxes.split(","), strict=True)),
    )
