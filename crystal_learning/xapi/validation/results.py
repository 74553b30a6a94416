"""A statement's result: score, success, completion, response, duration."""

from __future__ import annotations

import re
from typing import Any

from .values import extensions_value, fail, json_object, only_known, string_value

_NUMBER = r"\d+(\.\d+)?"
#: ISO 8601 durations as xAPI uses them: weeks alone (P4W), or years to seconds
#: with at least one part, and T only before hours, minutes or seconds.
DURATION = re.compile(
    rf"P(({_NUMBER}W)|(?=\d|T\d)({_NUMBER}Y)?({_NUMBER}M)?({_NUMBER}D)?"
    rf"(T(?=\d)({_NUMBER}H)?({_NUMBER}M)?({_NUMBER}S)?)?)",
    re.ASCII,
)


def _score(value: Any, field: str) -> None:
    score = json_object(value, field)
    only_known(score, field, {"scaled", "raw", "min", "max"})
    for key in score:
        if isinstance(score[key], bool) or not isinstance(score[key], int | float):
            fail(f"{field}.{key}", "must be a number")
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        fail(f"{field}.scaled", "must be between -1 and 1")
    if "min" in score and "max" in score and score["min"] >= score["max"]:
        fail(f"{field}.max", "must be greater than min")
    if "raw" in score:
        if "min" in score and score["raw"] < score["min"]:
            fail(f"{field}.raw", "must not be below min")
        if "max" in score and score["raw"] > score["max"]:
            fail(f"{field}.raw", "must not be above max")


def result_value(value: Any, field: str) -> None:
    result = json_object(value, field)
    only_known(
        result,
        field,
        {"score", "success", "completion", "response", "duration", "extensions"},
    )
    if "score" in result:
        _score(result["score"], f"{field}.score")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            fail(f"{field}.{key}", "must be true or false")
    if "response" in result:
        string_value(result["response"], f"{field}.response")
    if "duration" in result and (
        not isinstance(result["duration"], str)
        or not DURATION.fullmatch(result["duration"])
    ):
        fail(f"{field}.duration", "must be an ISO 8601 duration, e.g. PT1M30S")
    if "extensions" in result:
        extensions_value(result["extensions"], f"{field}.extensions")
