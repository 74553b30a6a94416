"""Writes: a supervisor's seven-day ring-back and dip sample of a victim care log.

Both are for a record of an officer in one of the supervisor's teams (the view
finds it with ``supervision_selectors.record_for_supervisor``); both feed the
compliance figures through ``selectors.record_checks``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crystal_learning.people.models import Person

from .models import BOXES, DipSample, Judgement, RingBack, VictimCareRecord, VictimSaid


def _check_date(*, field: str, on: date, record: VictimCareRecord) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if on < record.recorded_on:
        raise ValidationError(
            {
                field: _("The date cannot be before the crime was recorded (%(day)s).")
                % {"day": f"{record.recorded_on:%-d %B %Y}"}
            }
        )


@transaction.atomic
def ring_back_record(
    *,
    supervisor: Person,
    record: VictimCareRecord,
    made_on: date,
    victim_reached: bool,
    said: Mapping[str, str],
    note: str = "",
) -> RingBack:
    """Record a ring-back; when the victim was not reached, no box is answered."""
    _check_date(field="made_on", on=made_on, record=record)
    answers = {
        box: (said.get(box) or VictimSaid.UNKNOWN)
        if victim_reached
        else VictimSaid.UNKNOWN
        for box in BOXES
    }
    ring_back = RingBack(
        record=record,
        supervisor=supervisor,
        made_on=made_on,
        victim_reached=victim_reached,
        note=note.strip(),
        **answers,
    )
    ring_back.full_clean()
    ring_back.save()
    return ring_back


@transaction.atomic
def dip_sample_record(
    *,
    supervisor: Person,
    record: VictimCareRecord,
    sampled_on: date,
    judgements: Mapping[str, str],
    notes: Mapping[str, str],
) -> DipSample:
    """Record a dip sample: each box right, wrong (a note says why) or n/a."""
    _check_date(field="sampled_on", on=sampled_on, record=record)
    missing = [box for box in BOXES if (notes.get(box) or "").strip() == ""]
    wrong_without_note = [
        box for box in missing if judgements.get(box) == Judgement.WRONG
    ]
    if wrong_without_note:
        raise ValidationError(
            {
                f"{box}_note": _("Say what was wrong with this box.")
                for box in wrong_without_note
            }
        )
    sample = DipSample(
        record=record,
        supervisor=supervisor,
        sampled_on=sampled_on,
        **{box: judgements.get(box, "") for box in BOXES},
        **{f"{box}_note": (notes.get(box) or "").strip() for box in BOXES},
    )
    sample.full_clean()
    sample.save()
    return sample
