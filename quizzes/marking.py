"""Questions as an attempt stores them, and how answers are marked. Pure functions.

`snapshot()` turns a question block into the dict an attempt keeps (so later
edits never change an attempt in progress or its marks). `public()` is the part
a learner may see before submitting: no correct answers, no feedback. `mark()`
scores one response against the snapshot.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from modules.blocks import RECORD_BOXES

from .blocks import LEAFLET_FORMATS
from .rationale import Verdict, rationale_judge

BOX_LABELS = {code: str(label) for code, label in RECORD_BOXES}
FORMAT_LABELS = {code: str(label) for code, label in LEAFLET_FORMATS}
TRUE_FALSE_OPTIONS = [("true", "True"), ("false", "False")]


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
    if block.block_type in ("single_choice", "multiple_choice"):
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
            {"id": o["id"], "text": o["text"]} for o in question["options"]
        ]
    if "boxes" in question:
        shown["boxes"] = [
            {"box": b["box"], "label": b["label"]} for b in question["boxes"]
        ]
    return shown


def form_view(question: dict, response: dict) -> dict:
    """The public question with the learner's saved response filled in."""
    shown = public(question)
    chosen = set(response.get("choices", [])) | {response.get("choice")}
    for option in shown.get("options", []):
        option["checked"] = option["id"] in chosen
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
    for box in shown.get("boxes", []):
        if not box["answer"]:
            continue
        line = f"{box['label']}: {box['answer'].capitalize()}"
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
    if kind == "multiple_choice":
        choices = data.getlist("choices")
        known = {o["id"] for o in question["options"]}
        if any(c not in known for c in choices):
            raise ResponseInvalid("choices")
        return {"choices": [o["id"] for o in question["options"] if o["id"] in choices]}
    if kind == "scenario":
        boxes = {}
        for box in question["boxes"]:
            code = box["box"]
            answer = data.get(f"{code}-answer", "")
            if answer not in ("", "yes", "no"):
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
                    f"{box['label']}: a 'no' needs a written rationale.",
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
                    f"{box['label']}: say in which format it was given.",
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


def _box_mark(box: dict, entry: dict, reviews: dict) -> BoxMark:
    answer = entry.get("answer", "")
    code = box["box"]
    if not answer:
        return BoxMark(code, False, "not answered")
    if answer == "yes":
        if box["expected"] != "yes":
            return BoxMark(code, False, "a 'yes' is not right in this case")
        if (
            code == "leaflet"
            and box["expected_format"]
            and entry.get("format") != box["expected_format"]
        ):
            return BoxMark(code, False, "not the format the victim asked for")
        return BoxMark(code, True)
    # A "no": acceptable only when expected, or when a good reason may excuse it.
    if box["expected"] == "yes" and not box["no_acceptable"]:
        return BoxMark(code, False, "this box should be 'yes' in this case")
    if not entry.get("rationale"):
        return BoxMark(code, False, "a 'no' needs a rationale")
    if box["rule"] == "review":
        return _reviewed(code, reviews, "")
    judgement = rationale_judge(box, entry["rationale"])
    if judgement.verdict == Verdict.MEETS:
        return BoxMark(code, True)
    if judgement.verdict == Verdict.BORDERLINE:
        # A person judges what the word list cannot: the supervisor's review.
        return _reviewed(code, reviews, judgement.explanation)
    return BoxMark(code, False, judgement.explanation)


def mark(question: dict, response: dict, reviews: dict | None = None) -> Mark:
    """Score one response; `reviews` holds a supervisor's decisions per box."""
    marks = question["marks"]
    kind = question["type"]
    if kind in ("single_choice", "true_false"):
        right = {o["id"] for o in question["options"] if o["correct"]}
        correct = response.get("choice") in right
        return Mark(marks if correct else 0.0, correct)
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
