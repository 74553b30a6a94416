"""The targeted refresher rule: who needs the victim care refresher, and why.

A person gets the refresher programme (CRYSTAL_REFRESHER_PROGRAMME) when, over
the last three months,

* their victim care logs are less than CRYSTAL_REFRESHER_THRESHOLD percent
  compliant (default 80), counted only with at least
  CRYSTAL_REFRESHER_MIN_RECORDS records (default 5); compliance is the one rule
  in ``compliance.py``, after supervisors' findings (``selectors.record_results``);
* or dip samples found the same record box wrong on two or more occasions.

Assigning goes through the programmes app (``programme_nominate``: the person is
named into the programme's audience and ``assignments_sync`` assigns them), which
tells them and their supervisors why, once. Run daily by django-q2 and by
``manage.py crystal_assign_refreshers``; running it again changes nothing.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from crystal_learning import conf
from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Programme
from crystal_learning.programmes.nominations import programme_nominate

from .models import BOX_LABELS, BOXES, DipSample, Judgement
from .selectors import Figures, record_results, records_between

#: Who names people into the programme (Nomination.source).
SOURCE = "victim care refresher rule"
#: Dip samples finding the same box wrong this many times assign the refresher.
SAME_BOX_WRONG = 2


def three_months_before(day: date) -> date:
    """The same day three calendar months earlier (the last day of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - 3, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _low_compliance(start: date, end: date) -> dict[int, str]:
    """People below the threshold with enough records: {person id: why}."""
    by_person: dict[int, Figures] = defaultdict(Figures)
    for row, boxes in record_results(records_between(start, end)):
        by_person[row["person_id"]].count(boxes)
    threshold, least = conf.refresher_threshold(), conf.refresher_min_records()
    reasons = {}
    for person_id, figures in by_person.items():
        if figures.records >= least and figures.percent < threshold:
            reasons[person_id] = _(
                "Victim care logs %(percent)s%% compliant over the last three "
                "months (%(compliant)s of %(records)s records); the standard is "
                "%(threshold)s%%."
            ) % {
                "percent": figures.percent,
                "compliant": figures.compliant,
                "records": figures.records,
                "threshold": threshold,
            }
    return reasons


def _same_box_wrong(start: date, end: date) -> dict[int, str]:
    """People whose dip samples found the same box wrong twice: {person id: why}."""
    wrong: dict[int, Counter] = defaultdict(Counter)
    samples = DipSample.objects.filter(
        sampled_on__gte=start, sampled_on__lt=end
    ).values("record__person_id", *BOXES)
    for sample in samples:
        for box in BOXES:
            if sample[box] == Judgement.WRONG:
                wrong[sample["record__person_id"]][box] += 1
    reasons = {}
    for person_id, counts in wrong.items():
        boxes = [BOX_LABELS[box] for box in BOXES if counts[box] >= SAME_BOX_WRONG]
        if boxes:
            reasons[person_id] = _(
                "Dip samples found the same record box wrong more than once in "
                "the last three months: %(boxes)s."
            ) % {"boxes": ", ".join(str(box) for box in boxes)}
    return reasons


def refresher_reasons(*, today: date) -> dict[int, str]:
    """Everyone the rule names today (active people), with why."""
    start, end = three_months_before(today), today + timedelta(days=1)
    reasons: dict[int, list[str]] = defaultdict(list)
    for found in (_low_compliance(start, end), _same_box_wrong(start, end)):
        for person_id, why in found.items():
            reasons[person_id].append(why)
    active = set(
        Person.objects.filter(pk__in=reasons, active=True).values_list("pk", flat=True)
    )
    return {pid: " ".join(why) for pid, why in reasons.items() if pid in active}


@dataclass
class RefresherReport:
    programme: str = ""
    missing_programme: bool = False
    assigned: list[str] = field(default_factory=list)  # staff numbers
    already: int = 0


def refreshers_assign(
    *, today: date | None = None, dry_run: bool = False
) -> RefresherReport:
    """Name everyone the rule finds into the refresher programme (once each)."""
    today = today or timezone.localdate()
    report = RefresherReport(programme=conf.refresher_programme())
    programme = Programme.objects.filter(name=report.programme, active=True).first()
    if programme is None:
        report.missing_programme = True
        return report
    reasons = refresher_reasons(today=today)
    named = set(programme.nominations.values_list("person_id", flat=True))
    people = Person.objects.filter(pk__in=set(reasons) - named).order_by("pk")
    report.already = len(set(reasons) & named)
    for person in people:
        if dry_run:
            report.assigned.append(person.staff_number)
            continue
        if programme_nominate(
            programme=programme,
            person=person,
            reason=reasons[person.pk],
            source=SOURCE,
            today=today,
        ):
            report.assigned.append(person.staff_number)
        else:
            report.already += 1
    return report
