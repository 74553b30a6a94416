"""The compliance rule, box by box, on hand-made cases (compliance.py)."""

import pytest

from crystal_learning.victim_care.compliance import (
    box_compliant,
    record_boxes,
    record_compliant,
)
from crystal_learning.victim_care.models import BOXES

FIRST_FOUR = BOXES[:4]
CLOSURE = ("vps_offered", "right_to_review_given", "compensation_discussed")


@pytest.mark.parametrize("box", BOXES)
@pytest.mark.parametrize("status", ["open", "closed"])
def test_yes_is_always_compliant(box, status):
    assert box_compliant(box, "Y", rationale="", case_status=status)


@pytest.mark.parametrize("box", BOXES)
def test_no_needs_a_rationale(box):
    assert not box_compliant(box, "N", rationale="", case_status="open")
    assert not box_compliant(box, "N", rationale="   ", case_status="closed")
    assert box_compliant(
        box,
        "N",
        rationale="Domestic abuse: written confirmation could put her at risk.",
        case_status="closed",
    )


@pytest.mark.parametrize("box", FIRST_FOUR)
@pytest.mark.parametrize("status", ["open", "closed"])
def test_not_applicable_never_suits_the_first_four_boxes(box, status):
    assert not box_compliant(box, "NA", rationale="anything", case_status=status)


@pytest.mark.parametrize("box", CLOSURE)
def test_closure_boxes_are_not_applicable_while_the_case_is_open(box):
    assert box_compliant(box, "NA", rationale="", case_status="open")


@pytest.mark.parametrize("box", ["vps_offered", "compensation_discussed"])
def test_personal_statement_and_compensation_need_an_answer_at_closure(box):
    assert not box_compliant(
        box,
        "NA",
        rationale="Nobody was interviewed under caution.",
        case_status="closed",
    )


@pytest.mark.parametrize(
    "rationale",
    [
        "NFA: nobody was interviewed under caution.",
        "No suspect identified, so not interviewed under caution",
        "No one interviewed under caution; filed pending lines of enquiry",
        "no IUC",
    ],
)
def test_right_to_review_not_applicable_when_nobody_was_interviewed(rationale):
    assert box_compliant(
        "right_to_review_given", "NA", rationale=rationale, case_status="closed"
    )


@pytest.mark.parametrize(
    "rationale",
    ["", "Suspect interviewed under caution, NFA.", "Victim did not want it."],
)
def test_right_to_review_is_due_on_a_closed_case_otherwise(rationale):
    assert not box_compliant(
        "right_to_review_given", "NA", rationale=rationale, case_status="closed"
    )


def test_unknown_answers_are_not_compliant():
    assert not box_compliant("leaflet_given", "", rationale="x", case_status="open")


def _record(boxes: str, rationale: str = "", status: str = "open") -> dict:
    return {
        **dict(zip(BOXES, boxes.split(","), strict=True)),
        "rationale": rationale,
        "case_status": status,
    }


def test_a_record_is_compliant_when_all_seven_boxes_are():
    assert record_compliant(_record("Y,Y,Y,Y,NA,NA,NA"))
    assert record_compliant(_record("Y,Y,Y,Y,Y,Y,Y", status="closed"))
    assert record_compliant(
        _record(
            "N,Y,Y,Y,Y,NA,Y", "Risk: DA. Nobody interviewed under caution", "closed"
        )
    )
    assert not record_compliant(_record("N,Y,Y,Y,NA,NA,NA"))
    assert not record_compliant(_record("Y,Y,Y,Y,NA,NA,NA", status="closed"))


def test_record_boxes_names_each_box_and_a_check_overrides_it():
    boxes = record_boxes(_record("Y,Y,N,Y,NA,NA,NA"))
    assert boxes == {**dict.fromkeys(BOXES, True), "vna_completed": False}
    assert not record_compliant(
        _record("Y,Y,Y,Y,NA,NA,NA"), checks={"leaflet_given": False}
    )
    assert record_compliant(_record("Y,Y,N,Y,NA,NA,NA"), checks={"vna_completed": True})
