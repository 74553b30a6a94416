"""Limits on JSON the learning record accepts, whoever sends it.

A statement's values end up in PostgreSQL jsonb and text columns, in SQLite and
in Python arithmetic. These refuse, with the path of the bad value, what any of
them cannot hold: nesting deeper than MAX_DEPTH, integers longer than
MAX_INT_DIGITS (Python refuses to read 4,300), numbers beyond a float,
NUL characters (PostgreSQL refuses them in text and jsonb) and lone surrogates
(not Unicode: no database can encode them).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: Deeper than any real statement (a sub-statement's context extension is ~10).
MAX_DEPTH = 32
#: Digits in an integer: more cannot be turned into a float by the projection.
MAX_INT_DIGITS = 100
_INT_LIMIT = 10**MAX_INT_DIGITS
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class JSONRefused(ValueError):
    """JSON the record cannot hold; `field` is the path of the bad value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


def _text_problem(text: str) -> str:
    bad = UNSTORABLE.search(text)
    if bad is None:
        return ""
    if bad.group() == "\x00":
        return "contains a NUL character (\\u0000), which cannot be stored"
    return "contains a lone surrogate (\\ud800-\\udfff), which is not valid Unicode"


def _number_problem(value: Any) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, int) and abs(value) >= _INT_LIMIT:
        return f"is a number with more than {MAX_INT_DIGITS} digits"
    if isinstance(value, float) and not math.isfinite(value):
        return "is a number too large to store"
    return ""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


#: Bytes of JSON text with every non-digit made a space: the runs of digits.
_DIGITS_ONLY = bytes(c if 48 <= c <= 57 else 32 for c in range(256))


def _looks_safe(value: Any) -> str | None:
    """A quick pass for the usual statement: C-speed checks on its JSON text,
    which is returned when they pass (None when the value needs the walk).

    json.dumps writes NUL and surrogates as \\u escapes; a match inside a string
    (a backslash followed by "u0000") or a long run of digits in a string only
    sends the value to the walk, which decides.
    """
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    if "\\u0000" in text or "\\ud" in text:
        return None
    digit_runs = text.encode("ascii").translate(_DIGITS_ONLY).split()
    if max(map(len, digit_runs), default=0) > MAX_INT_DIGITS:
        return None
    if text.count("[") + text.count("{") >= MAX_DEPTH:
        return None  # count the depth
    return text


def json_checked(value: Any, field: str = "") -> str | None:
    """Raise JSONRefused for the first value a database or Python cannot take.

    Iterative, so a deep value cannot exhaust the stack while being checked.
    Returns the value's JSON text (json.dumps) when the quick pass accepted it,
    for further C-speed checks, else None.
    """
    if (text := _looks_safe(value)) is not None:
        return text
    pending: list[tuple[Any, str, int]] = [(value, field, 0)]
    while pending:
        item, path, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise JSONRefused(path, f"is nested more than {MAX_DEPTH} levels deep")
            if isinstance(item, list):
                pending.extend(
                    (entry, f"{path}[{index}]", depth + 1)
                    for index, entry in enumerate(item)
                )
                continue
            for key, entry in item.items():
                if isinstance(key, str) and (problem := _text_problem(key)):
                    raise JSONRefused(path, f"has a property name that {problem}")
                pending.append((entry, _join(path, str(key)), depth + 1))
        elif isinstance(item, str):
            if problem := _text_problem(item):
                raise JSONRefused(path, problem)
        elif problem := _number_problem(item):
            raise JSONRefused(path, problem)


def json_parsed(text: str | bytes, field: str) -> Any:
    """Parse JSON text, refusing what no parser should build; errors name `field`.

    Repeated property names and NaN/Infinity are refused too: both are
    ambiguous, and jsonb cannot hold the second. Check the value with
    json_checked before using it: nesting below the parser's own limit passes.
    """

    def unique(pairs):
        value = dict(pairs)
        if len(value) != len(pairs):  # linear: a body can hold 100,000 keys
            seen: set[str] = set()
            repeated = next(k for k, _ in pairs if k in seen or seen.add(k))
            raise JSONRefused(field, f"has the property {repeated} twice")
        return value

    def constant(name):
        raise JSONRefused(field, f"contains {name}, which is not valid JSON")

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_INT_DIGITS:
            raise JSONRefused(
                field, f"contains a number with more than {MAX_INT_DIGITS} digits"
            )
        return int(digits)

    def decimal(digits: str) -> float:
        number = float(digits)
        if not math.isfinite(number):
            raise JSONRefused(field, "contains a number too large to store")
        return number

    try:
        return json.loads(
            text,
            object_pairs_hook=unique,
            parse_constant=constant,
            parse_int=integer,
            parse_float=decimal,
        )
    except RecursionError:
        raise JSONRefused(
            field, f"is nested more than {MAX_DEPTH} levels deep"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise JSONRefused(field, f"is not valid JSON: {error}") from None
