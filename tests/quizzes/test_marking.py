"""Marking rules, question by question (pure functions)."""

from __future__ import annotations

import pytest

from quizzes import marking


def choice_question(partial: bool) -> dict:
    return {
        "id": "q",
        "type": "multiple_choice",
        "prompt": "<p>Which?</p>",
        "marks": 2,
        "partial": partial,
        "options": [
            {"id": "a", "text": "A", "correct": True, "feedback": ""},
            {"id": "b", "text": "B", "correct": True, "feedback": ""},
            {"id": "c", "text": "C", "correct": False, "feedback": ""},
            {"id": "d", "text": "D", "correct": False, "feedback": ""},
        ],
    }


@pytest.mark.parametrize(
    ("chosen", "all_or_nothing", "partial"),
    [
        (["a", "b"], 2.0, 2.0),
        (["a"], 0.0, 1.0),
        (["a", "c"], 0.0, 0.0),  # one right, one wrong cancel out
        (["a", "b", "c"], 0.0, 1.0),
        (["c", "d"], 0.0, 0.0),  # never below zero
        ([], 0.0, 0.0),
    ],
)
def test_multiple_choice_all_or_nothing_and_partial_credit(
    chosen, all_or_nothing, partial
):
    response = {"choices": chosen}
    assert marking.mark(choice_question(False), response).score == all_or_nothing
    assert marking.mark(choice_question(True), response).score == partial


def box(**overrides) -> dict:
    base = {
        "box": "compensation",
        "label": "Compensation",
        "expected": "no",
        "expected_format": "",
        "no_acceptable": False,
        "rule": "terms",
        "terms": [["not closed", "ongoing"], ["investigation"]],
        "min_length": 25,
        "guidance": "",
    }
    return base | overrides


def scenario(*boxes) -> dict:
    return {
        "id": "s",
        "type": "scenario",
        "prompt": "<p>A case.</p>",
        "marks": 3,
        "boxes": list(boxes),
    }


@pytest.mark.parametrize(
    ("entry", "right"),
    [
        ({"answer": "no", "rationale": "The investigation is ongoing."}, True),
        ({"answer": "no", "rationale": "INVESTIGATION not closed yet"}, True),
        # Said in other words ("continues" means "ongoing"): right.
        ({"answer": "no", "rationale": "The investigation continues"}, True),
        ({"answer": "no", "rationale": "ongoing investigation"}, False),  # too short
        ({"answer": "no", "rationale": ""}, False),
        ({"answer": "yes"}, False),
        ({}, False),
    ],
)
def test_a_rationale_is_judged_by_required_terms_and_length(entry, right):
    result = marking.mark(scenario(box()), {"boxes": {"compensation": entry}})
    assert result.boxes[0].right is right
    assert result.score == (3.0 if right else 0.0)


def test_the_leaflet_must_be_in_the_format_the_victim_asked_for():
    leaflet = box(box="leaflet", expected="yes", expected_format="email", terms=[])
    question = scenario(leaflet)
    assert marking.mark(
        question, {"boxes": {"leaflet": {"answer": "yes", "format": "email"}}}
    ).correct
    wrong = marking.mark(
        question, {"boxes": {"leaflet": {"answer": "yes", "format": "paper"}}}
    )
    assert not wrong.correct
    assert wrong.boxes[0].reason == "not the format the victim asked for"


def test_a_no_may_be_excused_by_a_good_reason_only_where_the_question_allows():
    strict = box(box="vps", expected="yes", no_acceptable=False)
    lenient = box(box="vps", expected="yes", no_acceptable=True)
    response = {
        "boxes": {"vps": {"answer": "no", "rationale": "Investigation ongoing now."}}
    }
    assert not marking.mark(scenario(strict), response).correct
    assert marking.mark(scenario(lenient), response).correct


def test_a_review_rule_leaves_the_box_pending_until_decided():
    flagged = box(box="vps", expected="yes", no_acceptable=True, rule="review")
    question = scenario(flagged, box())
    response = {
        "boxes": {
            "vps": {"answer": "no", "rationale": "Declined today."},
            "compensation": {
                "answer": "no",
                "rationale": "the investigation is ongoing",
            },
        }
    }
    assert marking.mark(question, response).pending
    accepted = marking.mark(question, response, {"vps": {"accepted": True}})
    assert accepted.correct and accepted.score == 3.0
    rejected = marking.mark(question, response, {"vps": {"accepted": False}})
    assert rejected.score == 1.5 and rejected.correct is False


def test_the_public_question_has_no_answers():
    question = choice_question(True) | {"explanation": "<p>Because.</p>"}
    question["options"][0]["feedback"] = "Well done"
    shown = marking.public(question)
    assert "explanation" not in shown and "partial" not in shown
    assert all(set(o) == {"id", "text"} for o in shown["options"])
    boxes = marking.public(scenario(box()))["boxes"]
    # The answers offered depend on the box only, never on what is expected.
    assert boxes == [
        {
            "box": "compensation",
            "label": "Compensation",
            "answers": marking.box_answers("compensation"),
        }
    ]


def test_forged_option_ids_are_refused():
    class Data(dict):
        def getlist(self, key):
            return self.get(key, [])

    with pytest.raises(marking.ResponseInvalid):
        marking.response_from_form(choice_question(False), Data(choices=["zzz"]))
    with pytest.raises(marking.ResponseInvalid):
        marking.response_from_form(
            scenario(box()), Data({"compensation-answer": "maybe"})
        )
