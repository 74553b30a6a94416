"""A person's own shift pattern as an import file gives it: the pattern's name
and its first day. The one home of reading and checking those two cells, for
the duty-roster import (`roster_import.py`: columns `shift_pattern`, `from`)
and the HR import (`hr_plan.py`: `own_shift_pattern`, `own_pattern_start`).

The cells are read into `(name or None, first day or None)`: a name needs a
first day (YYYY-MM-DD) and a pattern that exists or that the file defines; no
name means "no own pattern" (the team's), and the day is then ignored.
"""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Container
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from .csv_import import text_problem

#: Problems are keyed by which cell they are about: the caller names the column.
NAME, START = "name", "start"
NAME_MAX = 80
#: A first day further ahead than this is a typo (2207 for 2027).
FUTURE_YEARS = 5
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

OwnPattern = tuple[str | None, date | None]


def iso_date(text: str) -> date:
    """A YYYY-MM-DD cell, at most FUTURE_YEARS ahead; ValueError saying how to
    write it. Only that spelling: Python's `fromisoformat` also takes
    20270104 and 2027-W01-1, which a person reading the file would not."""
    try:
        if not ISO_DAY.fullmatch(text):
            raise ValueError(text)
        when = date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("'%(value)s' is not a date; write it as YYYY-MM-DD.") % {"value": text}
        ) from None
    if when.year > timezone.localdate().year + FUTURE_YEARS:
        raise ValueError(
            _("'%(value)s' is more than %(years)s years ahead; check the year.")
            % {"value": text, "years": FUTURE_YEARS}
        )
    return when


def own_pattern_read(
    name: str, start: str, *, known: Container[str], unknown: str = ""
) -> tuple[OwnPattern, dict[str, str]]:
    """The own pattern two cells ask for, and the problems with them (by NAME
    or START). `known`: the names of patterns that exist or the file defines;
    `unknown`: the file's way to define one, said when the name is unknown."""
    problems: dict[str, str] = {}
    if len(name) > NAME_MAX:
        problems[NAME] = _("A pattern's name is at most 80 characters.")
    elif name and name not in known:
        problems[NAME] = (
            unknown
            or _("Unknown shift pattern '%(name)s'. Add shift_codes to define it.")
        ) % {"name": name}
    when = None
    if start:
        try:
            when = iso_date(start)
        except ValueError as error:
            problems[START] = str(error)
    elif name:
        problems[START] = _("Give the first day of the pattern (YYYY-MM-DD).")
    return (name or None, when if name else None), problems


def own_pattern_now(person) -> OwnPattern:
    """A person's own pattern as `own_pattern_read` gives it, from a Person
    (with `shift_pattern` loaded) or a dict of `shift_pattern__name` and
    `shift_pattern_from`."""
    if isinstance(person, dict):
        return (person["shift_pattern__name"], person["shift_pattern_from"])
    return (
        person.shift_pattern.name if person.shift_pattern_id else None,
        person.shift_pattern_from,
    )


def own_pattern_action(wanted: OwnPattern, current: OwnPattern) -> str:
    """What applying `wanted` does: "unchanged", "cleared" or "set"."""
    if wanted == current:
        return "unchanged"
    return "cleared" if wanted[0] is None else "set"


#: The HR import's columns for a person's own pattern, and the word in the
#: first that sends them back to their team's (an empty cell changes nothing).
HR_NAME, HR_START = "own_shift_pattern", "own_pattern_start"
HR_CLEAR = "team"


def hr_own_pattern(checker, number: int, row: dict) -> OwnPattern | None:
    """What row `number` of an HR file says of its person's own pattern: None
    to leave it alone (no such columns, or both cells empty), `(None, None)`
    for the team's (HR_CLEAR), else the pattern and its first day. Problems
    go to the HR checker (`hr_plan._Checker`); known patterns: the force's and
    the file's."""
    known = ChainMap(checker.state.patterns, checker.plan.patterns)

    def problem(column: str, message: str) -> None:
        checker.problem(number, column, message)

    name = str(row.get(HR_NAME) or "").strip()
    start = str(row.get(HR_START) or "").strip()
    if text_problem(name):
        problem(HR_NAME, text_problem(name))
        return None
    if name.lower() == HR_CLEAR:
        return (None, None)
    if not name:
        if start:
            problem(
                HR_START,
                _("Give the pattern that starts on this day (own_shift_pattern)."),
            )
        return None
    wanted, problems = own_pattern_read(
        name,
        start,
        known=known,
        unknown=_(
            "Unknown shift pattern '%(name)s'. Define it on a row of this file "
            "(shift_pattern and shift_codes) or in the admin."
        ),
    )
    for key, column in ((NAME, HR_NAME), (START, HR_START)):
        if key in problems:
            problem(column, problems[key])
    return wanted
