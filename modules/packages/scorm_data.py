"""The SCORM data model a package's commit carries, checked like any other
claim from a browser (docs/packages.md, SCORM).

scorm-again posts its whole CMI object as JSON (`{"cmi": {...}}`, its "json"
commit format), with `"terminate": true` on the commit LMSFinish / Terminate
sends. `commit_parse` keeps the elements a SCO may write, each checked for its
shape (a string of bounded length, a word from the element's vocabulary, a
number, a time), and drops the rest: what the LMS gives the SCO (learner id and
name, credit, mode, mastery score, launch data) is never taken back from it.
A body that is not that shape is refused with the path of the first bad value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from crystal_learning.xapi.json_limits import JSONRefused, json_checked, json_parsed

#: The largest commit body read (suspend data is at most 64,000 characters).
MAX_COMMIT_BYTES = 1024 * 1024
#: SCORM 2004 asks an LMS to keep at least 250 interactions and 100 objectives.
MAX_INTERACTIONS = 500
MAX_OBJECTIVES = 250
MAX_ENTRIES = 50  # correct responses, an interaction's objectives, comments

TIMESPAN_12 = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
DURATION_2004 = re.compile(
    r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?D)?"
    r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$"
)
TIMESTAMP_2004 = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T[0-9:.]+(Z|[+-][0-9:]+)?)?)?)?$")
TIME_12 = re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$")

STATUS_12 = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
EXIT_12 = ("time-out", "suspend", "logout")
EXIT_2004 = ("time-out", "suspend", "logout", "normal")
COMPLETION_2004 = ("completed", "incomplete", "not attempted", "unknown")
SUCCESS_2004 = ("passed", "failed", "unknown")
INTERACTION_TYPES = (
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
)
RESULTS = ("correct", "wrong", "incorrect", "unanticipated", "neutral")


class CommitInvalid(ValueError):
    """The commit is not a SCORM data model; `field` is the path of the bad value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Commit:
    cmi: dict
    terminate: bool


# Element checks: each takes (value, path) and returns the value kept.


def _scalar(value: Any, path: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CommitInvalid(path, "must be a string")
    return value if isinstance(value, str) else str(value)


def text(limit: int):
    def check(value: Any, path: str) -> str:
        value = _scalar(value, path)
        if len(value) > limit:
            raise CommitInvalid(path, f"is longer than {limit} characters")
        return value

    return check


def vocabulary(*words: str):
    def check(value: Any, path: str) -> str:
        value = _scalar(value, path)
        if value and value not in words:
            raise CommitInvalid(path, f"must be one of {', '.join(words)}")
        return value

    return check


def number(low: float | None = None, high: float | None = None):
    def check(value: Any, path: str) -> str:
        value = _scalar(value, path).strip()
        if not value:
            return ""
        try:
            parsed = float(value)
        except ValueError:
            raise CommitInvalid(path, "must be a number") from None
        if parsed != parsed or parsed in (float("inf"), float("-inf")):
            raise CommitInvalid(path, "must be a number")
        if (low is not None and parsed < low) or (high is not None and parsed > high):
            raise CommitInvalid(path, f"must be between {low} and {high}")
        return value

    return check


def pattern(regex: re.Pattern, what: str):
    def check(value: Any, path: str) -> str:
        value = _scalar(value, path)
        if value and not regex.match(value):
            raise CommitInvalid(path, f"must be {what}")
        return value

    return check


def result_check(value: Any, path: str) -> str:
    value = _scalar(value, path)
    if value and value not in RESULTS:
        number()(value, path)
    return value


def group(spec: dict):
    """A nested object: its known elements, checked; anything else dropped."""

    def check(value: Any, path: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise CommitInvalid(path, "must be an object")
        kept = {}
        for key, element in spec.items():
            if key in value:
                kept[key] = element(value[key], f"{path}.{key}")
        return kept

    return check


def collection(spec: dict, limit: int):
    """A SCORM array: scorm-again sends {"0": {...}, "1": {...}} (or a list)."""
    entry = group(spec)

    def check(value: Any, path: str) -> dict:
        if value is None:
            return {}
        if isinstance(value, list):
            value = {str(index): item for index, item in enumerate(value)}
        if not isinstance(value, dict):
            raise CommitInvalid(path, "must be an object of numbered entries")
        if len(value) > limit:
            raise CommitInvalid(path, f"has more than {limit} entries")
        kept = {}
        for key, item in value.items():
            if not (key.isascii() and key.isdigit()) or int(key) >= limit:
                raise CommitInvalid(path, f"has an entry {key!r} that is not an index")
            kept[str(int(key))] = entry(item, f"{path}.{int(key)}")
        return kept

    return check


ID = text(4000)
SCORE_12 = group({"raw": number(), "min": number(), "max": number()})
SCORE_2004 = group(
    {"scaled": number(-1, 1), "raw": number(), "min": number(), "max": number()}
)
CORRECT = collection({"pattern": text(8000)}, MAX_ENTRIES)
INTERACTION_OBJECTIVES = collection({"id": ID}, MAX_ENTRIES)

SPEC_12 = group(
    {
        "suspend_data": text(64000),
        "comments": text(4096),
        "core": group(
            {
                "lesson_location": text(1000),
                "lesson_status": vocabulary(*STATUS_12),
                "exit": vocabulary(*EXIT_12),
                "session_time": pattern(TIMESPAN_12, "a time span HH:MM:SS"),
                "total_time": pattern(TIMESPAN_12, "a time span HH:MM:SS"),
                "score": SCORE_12,
            }
        ),
        "objectives": collection(
            {"id": ID, "status": vocabulary(*STATUS_12), "score": SCORE_12},
            MAX_OBJECTIVES,
        ),
        "student_preference": group(
            {
                "audio": text(10),
                "language": text(255),
                "speed": text(10),
                "text": text(10),
            }
        ),
        "interactions": collection(
            {
                "id": ID,
                "time": pattern(TIME_12, "a time HH:MM:SS"),
                "type": vocabulary(*INTERACTION_TYPES),
                "weighting": number(),
                "student_response": text(8000),
                "result": result_check,
                "latency": pattern(TIMESPAN_12, "a time span HH:MM:SS"),
                "objectives": INTERACTION_OBJECTIVES,
                "correct_responses": CORRECT,
            },
            MAX_INTERACTIONS,
        ),
    }
)

SPEC_2004 = group(
    {
        "suspend_data": text(64000),
        "location": text(1000),
        "completion_status": vocabulary(*COMPLETION_2004),
        "success_status": vocabulary(*SUCCESS_2004),
        "exit": vocabulary(*EXIT_2004),
        "progress_measure": number(0, 1),
        "score": SCORE_2004,
        "session_time": pattern(DURATION_2004, "an ISO 8601 duration"),
        "total_time": pattern(DURATION_2004, "an ISO 8601 duration"),
        "learner_preference": group(
            {
                "audio_level": text(20),
                "language": text(255),
                "delivery_speed": text(20),
                "audio_captioning": text(5),
            }
        ),
        "comments_from_learner": collection(
            {
                "comment": text(4000),
                "location": text(250),
                "timestamp": pattern(TIMESTAMP_2004, "a timestamp"),
            },
            MAX_ENTRIES,
        ),
        "objectives": collection(
            {
                "id": ID,
                "success_status": vocabulary(*SUCCESS_2004),
                "completion_status": vocabulary(*COMPLETION_2004),
                "progress_measure": number(0, 1),
                "description": text(1000),
                "score": SCORE_2004,
            },
            MAX_OBJECTIVES,
        ),
        "interactions": collection(
            {
                "id": ID,
                "type": vocabulary(*INTERACTION_TYPES),
                "timestamp": pattern(TIMESTAMP_2004, "a timestamp"),
                "weighting": number(),
                "learner_response": text(8000),
                "result": result_check,
                "latency": pattern(DURATION_2004, "an ISO 8601 duration"),
                "description": text(1000),
                "objectives": INTERACTION_OBJECTIVES,
                "correct_responses": CORRECT,
            },
            MAX_INTERACTIONS,
        ),
    }
)

SPECS = {"scorm12": SPEC_12, "scorm2004": SPEC_2004}


def commit_parse(body: bytes, kind: str) -> Commit:
    """The data model a commit body sets, checked and trimmed (CommitInvalid)."""
    if len(body) > MAX_COMMIT_BYTES:
        raise CommitInvalid("", f"is larger than {MAX_COMMIT_BYTES} bytes")
    try:
        data = json_parsed(body, "body")
        json_checked(data, "body")
    except JSONRefused as error:
        raise CommitInvalid(error.field, error.message) from None
    if not isinstance(data, dict) or not isinstance(data.get("cmi"), dict):
        raise CommitInvalid("cmi", 'the body must be an object with a "cmi" object')
    terminate = data.get("terminate", False)
    if not isinstance(terminate, bool):
        raise CommitInvalid("terminate", "must be true or false")
    return Commit(cmi=SPECS[kind](data["cmi"], "cmi"), terminate=terminate)


def element(cmi: dict, dotted: str) -> str:
    """One element of a kept data model by its path ("core.score.raw"); "" if unset."""
    value: Any = cmi
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, str) else ""
