"""Questions as an attempt stores them, and how answers are marked. Pure functions.

`snapshot()` turns a question block into the dict an attempt keeps (so later
edits never change an attempt in progress or its marks). `public()` is the part
a learner may see before submitting: no correct answers, no feedback. `mark()`
scores one response against the snapshot.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.blocks import CLOSING_BOXES, RECORD_BOXES

from .blocks import BOX_ANSWERS, LEAFLET_FORMATS
from .rationale import Verdict, rationale_judge

BOX_LABELS = {code: str(label) for code, label in RECORD_BOXES}
FORMAT_LABELS = {code: str(label) for code, label in LEAFLET_FORMATS}
TRUE_FALSE_OPTIONS = [("true", "True"), ("false", "False")]
# Shown in the reader's language; the attempt's snapshot keeps the English text.
TRUE_FALSE_SHOWN = {"true": gettext_lazy("True"), "false": gettext_lazy("False")}
BOX_LABELS_SHOWN = dict(RECORD_BOXES)
ANSWER_LABELS = {code: str(label) for code, label in BOX_ANSWERS}
#: "Not applicable": a closing box while the case is open, or one that does
#: not apply on a closed case (the right to review when nobody was
#: interviewed under caution), which then needs its reason.
NOT_YET = "na"


def box_answers(code: str) -> list[tuple[str, str]]:
    """The answers a record box offers: yes or no, and "not applicable" for
    the boxes completed at closure. The same for every case, so the choices
    never hint at what is expected."""
    return [
        (value, str(label))
        for value, label in BOX_ANSWERS
        if value != NOT_YET or code in CLOSING_BOXES
    ]


def snapshot(block, *, rng: random.Random, shuffle_options: bool) -> dict:
    """What an attempt stores of one question (a StreamField child)."""
    value = block.value
    base = {
        "id": str(block.id),
        "type": block.block_type,
        "prompt": str(value["prompt"]),
        "marks": int(value["marks"]),
        "explanation": str(value.get("explanation") or ""),
    }
    if block.block_type in ("single_choice", "multiple_choice", "needs_assessment"):
        options = [
            {
                "id": str(bound.id),
                "text": bound.value["text"],
                "correct": bool(bound.value["correct"]),
                "feedback": bound.value["feedback"] or "",
            }
            for bound in value["options"].bound_blocks
        ]
        if shuffle_options:
            rng.shuffle(options)
        base["options"] = options
        base["partial"] = bool(value.get("partial_credit", False))
        if block.block_type == "needs_assessment":
            base["partial"] = True
            base["enhanced"] = value["enhanced"]
            base["enhanced_feedback"] = value.get("enhanced_feedback") or ""
    elif block.block_type == "true_false":
        answer = "true" if value["answer"] else "false"
        base["options"] = [
            {
                "id": key,
                "text": text,
                "correct": key == answer,
                "feedback": value[f"feedback_{key}"] or "",
            }
            for key, text in TRUE_FALSE_OPTIONS
        ]
    elif block.block_type == "scenario":
        base["boxes"] = [
            {
                "box": box["box"],
                "label": BOX_LABELS.get(box["box"], box["box"]),
                "expected": box["expected"],
                "expected_format": box.get("expected_format") or "",
                "no_acceptable": bool(box["no_acceptable"]),
                "rule": box["rule"],
                "terms": [
                    [alt.strip().lower() for alt in term.split("|") if alt.strip()]
                    for term in (box.get("required_terms") or "").split(",")
                    if term.strip()
                ],
                "min_length": int(box.get("min_length") or 0),
                "guidance": box.get("guidance") or "",
            }
            for box in value["boxes"]
        ]
    return base


def public(question: dict) -> dict:
    """The question without answers or feedback: safe to render before submitting."""
    shown = {
        "id": question["id"],
        "type": question["type"],
        "prompt": question["prompt"],
        "marks": question["marks"],
    }
    if "options" in question:
        shown["options"] = [
            {"id": o["id"], "text": _shown_option(question, o)}
            for o in question["options"]
        ]
    if "boxes" in question:
        shown["boxes"] = [
            {
                "box": b["box"],
                "label": str(BOX_LABELS_SHOWN.get(b["box"], b["label"])),
                "answers": box_answers(b["box"]),
            }
            for b in question["boxes"]
        ]
    return shown


def _shown_option(question: dict, option: dict) -> str:
    if question["type"] == "true_false" and option["id"] in TRUE_FALSE_SHOWN:
        return str(TRUE_FALSE_SHOWN[option["id"]])
    return option["text"]


def form_view(question: dict, response: dict) -> dict:
    """The public question with the learner's saved response filled in."""
    shown = public(question)
    chosen = set(response.get("choices", [])) | {response.get("choice")}
    for option in shown.get("options", []):
        option["checked"] = option["id"] in chosen
    if question["type"] == "needs_assessment":
        shown["enhanced"] = response.get("enhanced", "")
    for box in shown.get("boxes", []):
        entry = response.get("boxes", {}).get(box["box"], {})
        box["answer"] = entry.get("answer", "")
        box["format"] = entry.get("format", "")
        box["rationale"] = entry.get("rationale", "")
    return shown


def answer_lines(question: dict, response: dict) -> list[str]:
    """The learner's answer in words, for "Check your answers": the options
    they chose, or each record box's yes/no with its format and reason. Read
    from the public view of the question: nothing about what is right."""
    shown = form_view(question, response)
    lines = [o["text"] for o in shown.get("options", []) if o["checked"]]
    if shown.get("enhanced"):
        lines.append(f"Enhanced rights apply: {ANSWER_LABELS[shown['enhanced']]}")
    for box in shown.get("boxes", []):
        if not box["answer"]:
            continue
        answer = ANSWER_LABELS.get(box["answer"], box["answer"])
        line = f"{box['label']}: {answer}"
        if box["format"]:
            line += f" ({FORMAT_LABELS.get(box['format'], box['format'])})"
        if box["rationale"]:
            line += f". Reason: {box['rationale']}"
        lines.append(line)
    return lines


class ResponseInvalid(ValueError):
    """A response that does not fit the question (a forged or stale form)."""


def response_from_form(question: dict, data) -> dict:
    """Read a learner's response for one question from POST data.

    Unknown option ids or box codes raise ResponseInvalid; a blank answer is an
    empty response (allowed while the attempt is open).
    """
    kind = question["type"]
    if kind in ("single_choice", "true_false"):
        choice = data.get("choice", "")
        if choice and choice not in {o["id"] for o in question["options"]}:
            raise ResponseInvalid("choice")
        return {"choice": choice} if choice else {}
    if kind in ("multiple_choice", "needs_assessment"):
        choices = data.getlist("choices")
        known = {o["id"] for o in question["options"]}
        if any(c not in known for c in choices):
            raise ResponseInvalid("choices")
        response = {
            "choices": [o["id"] for o in question["options"] if o["id"] in choices]
        }
        if kind == "needs_assessment":
            enhanced = data.get("enhanced", "")
            if enhanced not in ("", "yes", "no"):
                raise ResponseInvalid("enhanced")
            if enhanced:
                response["enhanced"] = enhanced
            elif not response["choices"]:
                return {}  # nothing chosen yet: still unanswered
        return response
    if kind == "scenario":
        boxes = {}
        for box in question["boxes"]:
            code = box["box"]
            answer = data.get(f"{code}-answer", "")
            if answer and answer not in dict(box_answers(code)):
                raise ResponseInvalid(code)
            entry = {"answer": answer}
            if code == "leaflet":
                chosen = data.get(f"{code}-format", "")
                if chosen and chosen not in FORMAT_LABELS:
                    raise ResponseInvalid(f"{code}-format")
                entry["format"] = chosen
            entry["rationale"] = data.get(f"{code}-rationale", "").strip()[:2000]
            boxes[code] = entry
        return {"boxes": boxes}
    raise ResponseInvalid(kind)


def response_problems(question: dict, response: dict) -> list[tuple[str, str]]:
    """What must be fixed before this answer can be saved: (field, message).

    Only the scenario has such rules: a "no" needs a rationale, and a "yes" to
    the leaflet box needs its format (the victim care log enforces both).
    """
    problems = []
    if question["type"] != "scenario":
        return problems
    for box in question["boxes"]:
        entry = response.get("boxes", {}).get(box["box"], {})
        if entry.get("answer") == "no" and not entry.get("rationale"):
            problems.append(
                (
                    f"{box['box']}-rationale",
                    _("%(box)s: a 'no' needs a written rationale.")
                    % {"box": box["label"]},
                )
            )
        if (
            box["box"] == "leaflet"
            and entry.get("answer") == "yes"
            and not entry.get("format")
        ):
            problems.append(
                (
                    f"{box['box']}-format",
                    _("%(box)s: say in which format it was given.")
                    % {"box": box["label"]},
                )
            )
    return problems


@dataclass
class BoxMark:
    box: str
    right: bool | None  # None: waiting for a supervisor's review
    reason: str = ""


@dataclass
class Mark:
    score: float
    correct: bool | None  # None: pending review
    boxes: list[BoxMark] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return self.correct is None


def _reviewed(code: str, reviews: dict, waiting: str) -> BoxMark:
    """A rationale a person judges: their decision, or waiting for it."""
    if code in reviews:
        accepted = bool(reviews[code]["accepted"])
        return BoxMark(
            code, accepted, "accepted on review" if accepted else "not accepted"
        )
    return BoxMark(code, None, waiting)


def _rationale_mark(box: dict, entry: dict, reviews: dict, said: str) -> BoxMark:
    """A "no" (or a "not applicable" that must say why): judged by the box's rule."""
    code = box["box"]
    if not entry.get("rationale"):
        return BoxMark(code, False, f"a '{said}' needs a rationale here")
    if box["rule"] == "review":
        return _reviewed(code, reviews, "")
    judgement = rationale_judge(box, entry["rationale"])
    if judgement.verdict == Verdict.MEETS:
        return BoxMark(code, True)
    if judgement.verdict == Verdict.BORDERLINE:
        # A person judges what the word list cannot: the supervisor's review.
        return _reviewed(code, reviews, judgement.explanation)
    return BoxMark(code, False, judgement.explanation)


def _box_mark(box: dict, entry: dict, reviews: dict) -> BoxMark:
    answer = entry.get("answer", "")
    code = box["box"]
    expected = box["expected"]
    if not answer:
        return BoxMark(code, False, "not answered")
    if answer == NOT_YET:
        if expected != NOT_YET:
            return BoxMark(code, False, "this box applies in this case: yes or no")
        if box["terms"] or box["rule"] == "review":
            # Not applicable on a closed case (nobody interviewed under
            # caution, say): the reason is part of the answer.
            return _rationale_mark(box, entry, reviews, "not applicable")
        return BoxMark(code, True)  # the case is open: nothing to say yet
    if expected == NOT_YET and not (answer == "no" and box["no_acceptable"]):
        return BoxMark(
            code,
            False,
            f"this box is 'not applicable' in this case, not '{answer}'",
        )
    if answer == "yes":
        if expected != "yes":
            return BoxMark(code, False, "a 'yes' is not right in this case")
        if (
            code == "leaflet"
            and box["expected_format"]
            and entry.get("format") != box["expected_format"]
        ):
            return BoxMark(code, False, "not the format the victim asked for")
        return BoxMark(code, True)
    # A "no": acceptable only when expected, or when a good reason may excuse it.
    if expected == "yes" and not box["no_acceptable"]:
        return BoxMark(code, False, "this box should be 'yes' in this case")
    return _rationale_mark(box, entry, reviews, "no")


def mark(question: dict, response: dict, reviews: dict | None = None) -> Mark:
    """Score one response; `reviews` holds a supervisor's decisions per box."""
    marks = question["marks"]
    kind = question["type"]
    if kind in ("single_choice", "true_false"):
        right = {o["id"] for o in question["options"] if o["correct"]}
        correct = response.get("choice") in right
        return Mark(marks if correct else 0.0, correct)
    if kind == "needs_assessment":
        asked = mark({**question, "type": "multiple_choice"}, response)
        enhanced = response.get("enhanced") == question["enhanced"]
        share = (asked.score / marks if marks else 0.0) + (1.0 if enhanced else 0.0)
        correct = bool(asked.correct) and enhanced
        return Mark(marks if correct else round(share / 2 * marks, 4), correct)
    if kind == "multiple_choice":
        right = {o["id"] for o in question["options"] if o["correct"]}
        chosen = set(response.get("choices", []))
        correct = chosen == right
        if correct or not question.get("partial"):
            return Mark(marks if correct else 0.0, correct)
        wrong = len(question["options"]) - len(right)
        gained = len(chosen & right) / len(right)
        lost = len(chosen - right) / wrong if wrong else 0.0
        return Mark(round(max(0.0, gained - lost) * marks, 4), False)
    if kind == "scenario":
        boxes = [
            _box_mark(box, response.get("boxes", {}).get(box["box"], {}), reviews or {})
            for box in question["boxes"]
        ]
        if any(b.right is None for b in boxes):
            return Mark(0.0, None, boxes)
        right = sum(1 for b in boxes if b.right)
        return Mark(round(marks * right / len(boxes), 4), right == len(boxes), boxes)
    raise ValueError(kind)


def xapi_interaction(question: dict, response: dict) -> tuple[str, list, str, list]:
    """(interactionType, correct response patterns, response, choices)."""
    kind = question["type"]
    if kind == "true_false":
        right = next(o["id"] for o in question["options"] if o["correct"])
        return "true-false", [right], response.get("choice", ""), []
    if kind == "needs_assessment":
        choices = [(o["id"], o["text"]) for o in question["options"]]
        choices += [
            ("enhanced-yes", "Enhanced rights apply"),
            ("enhanced-no", "Enhanced rights do not apply"),
        ]
        right = [o["id"] for o in question["options"] if o["correct"]]
        right.append(f"enhanced-{question['enhanced']}")
        given = list(response.get("choices", []))
        if response.get("enhanced"):
            given.append(f"enhanced-{response['enhanced']}")
        return "choice", ["[,]".join(right)], "[,]".join(given), choices
    if kind in ("single_choice", "multiple_choice"):
        choices = [(o["id"], o["text"]) for o in question["options"]]
        right = "[,]".join(o["id"] for o in question["options"] if o["correct"])
        given = (
            response.get("choice", "")
            if kind == "single_choice"
            else "[,]".join(response.get("choices", []))
        )
        return "choice", [right], given, choices
    pairs = []
    given = []
    for box in question["boxes"]:
        pairs.append(f"{box['box']}[.]{box['expected']}")
        entry = response.get("boxes", {}).get(box["box"], {})
        if entry.get("answer"):
            given.append(f"{box['box']}[.]{entry['answer']}")
    return "matching", ["[,]".join(pairs)], "[,]".join(given), []
