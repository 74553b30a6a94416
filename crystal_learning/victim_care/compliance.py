"""The one home of the victim care compliance rule (issue 20).

A box is compliant when it is Y; or N with a rationale (the log's rule: a "no"
needs a written reason); or NA where the box allows it:

* the Victim Personal Statement, right to review and compensation boxes are
  completed at closure, so NA is the honest answer while the case is open;
* the right to review also allows NA on a closed case when nobody was
  interviewed under caution, which the rationale must say.

A record is compliant when all seven boxes are. Every screen, the monthly
review workbook and the refresher rule call these functions; nothing else
spells the rule out (``tests/victim_care/test_compliance.py`` holds it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .models import BOXES, Answer, CaseStatus

# Boxes completed at closure: NA is allowed while the case is open.
CLOSURE_BOXES = frozenset(
    {"vps_offered", "right_to_review_given", "compensation_discussed"}
)

# "Nobody was interviewed under caution" in the officer's words: a negation
# ahead of an interview (or "IUC") ... caution, or "no suspect".
_NO_INTERVIEW = re.compile(
    r"\b(?:no|nobody|no\s+one|none|not|never|without|wasn't|was\s+not|weren't)\b"
    r"[^.;]*?\b(?:interview\w*[^.;]*?\bcaution|iuc)\b"
    r"|\bno\s+(?:suspects?|iuc)\b",
    re.IGNORECASE,
)


def has_rationale(rationale: str | None) -> bool:
    return bool((rationale or "").strip())


def says_nobody_interviewed(rationale: str | None) -> bool:
    """Whether the rationale says nobody was interviewed under caution."""
    return bool(_NO_INTERVIEW.search(rationale or ""))


def box_compliant(box: str, answer: str, *, rationale: str, case_status: str) -> bool:
    """Whether one record box's answer meets the standard."""
    if answer == Answer.YES:
        return True
    if answer == Answer.NO:
        return has_rationale(rationale)
    if answer != Answer.NOT_APPLICABLE or box not in CLOSURE_BOXES:
        return False
    if case_status == CaseStatus.OPEN:
        return True
    return box == "right_to_review_given" and says_nobody_interviewed(rationale)


def record_boxes(record: Mapping | object) -> dict[str, bool]:
    """Each box's compliance for a record (a model instance or a values() row)."""
    get = record.get if isinstance(record, Mapping) else record.__dict__.get
    rationale = get("rationale") or ""
    status = get("case_status")
    return {
        box: box_compliant(box, get(box), rationale=rationale, case_status=status)
        for box in BOXES
    }


def apply_checks(
    boxes: dict[str, bool], checks: Mapping[str, bool] | None
) -> dict[str, bool]:
    """The boxes after supervisors' checks (dip samples, ring-backs).

    ``checks`` maps a box to what a supervisor found (True right, False wrong);
    a finding replaces the log's own answer. ``selectors.record_checks`` builds
    it; until supervisors record anything it is empty and the log stands.
    """
    if not checks:
        return boxes
    return {box: checks.get(box, ok) for box, ok in boxes.items()}


def record_compliant(
    record: Mapping | object, checks: Mapping[str, bool] | None = None
) -> bool:
    """A record is compliant when all seven boxes are."""
    return all(apply_checks(record_boxes(record), checks).values())
