"""Duty-roster import from CSV: each person's own shift pattern, from a date.

A row gives a person (staff number) a shift pattern that replaces their team's
from the day in `from` (a cycle's first code falls on that day); an empty
`shift_pattern` sends them back to their team's pattern. A pattern must exist or
be defined on the row by `shift_codes`. Same rules as every import
(csv_import.py): problems by line and column, all or nothing, a dry run writes
nothing. See docs/hr-import.md ("Duty rosters").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .csv_import import (
    ImportProblem,
    ImportReport,
    check_columns,
    csv_rows,
    csv_text,
    line_of,
    text_problem,
)
from .duty import parse_codes
from .models import Person, ShiftPattern
from .own_pattern import (
    NAME,
    START,
    own_pattern_action,
    own_pattern_now,
    own_pattern_read,
)
from .services import people_changed, shift_pattern_upsert

REQUIRED_COLUMNS = ("staff_number", "shift_pattern", "from")
ALL_COLUMNS = (*REQUIRED_COLUMNS, "shift_codes")


@dataclass
class _Checked:
    problems: list[ImportProblem] = field(default_factory=list)
    #: person pk -> (pattern name or None, from date or None)
    changes: dict[int, tuple[str | None, date | None]] = field(default_factory=dict)
    patterns: dict[str, str] = field(default_factory=dict)  # defined: name -> codes
    actions: Counter = field(default_factory=Counter)
    rows: list[dict] = field(default_factory=list)


def _check_row(
    checked: _Checked, line: int, row: dict, people: dict, known: dict
) -> None:
    def problem(column: str, message: str) -> None:
        checked.problems.append(ImportProblem(line, column, message))

    number = row.get("staff_number", "").strip()
    person = people.get(number.upper())
    if not number:
        problem("staff_number", _("A staff number is required."))
    elif person is None:
        problem("staff_number", _("Unknown staff number '%(n)s'.") % {"n": number})
    elif person.pk in checked.changes:
        problem("staff_number", _("Staff number %(n)s is repeated.") % {"n": number})
    name = row.get("shift_pattern", "").strip()
    codes_text = row.get("shift_codes", "").strip()
    starts = row.get("from", "").strip()
    for column, value in (("shift_pattern", name), ("shift_codes", codes_text)):
        if text_problem(value):
            problem(column, text_problem(value))
    if codes_text and name:
        try:
            codes = ",".join(parse_codes(codes_text))
        except ValueError as error:
            problem("shift_codes", str(error))
        else:
            if len(codes) > 400:
                problem("shift_codes", _("A pattern is at most 400 characters."))
            if checked.patterns.get(name, codes) != codes:
                problem(
                    "shift_codes",
                    _("Pattern '%(name)s' is defined twice.") % {"name": name},
                )
            checked.patterns[name] = codes
    elif codes_text:
        problem("shift_pattern", _("Name the pattern that shift_codes defines."))
    wanted, problems = own_pattern_read(
        name, starts, known=known.keys() | ({name} if codes_text else set())
    )
    for key, column in ((NAME, "shift_pattern"), (START, "from")):
        if key in problems:
            problem(column, problems[key])
    if person is None:
        return
    action = own_pattern_action(wanted, own_pattern_now(person))
    checked.changes[person.pk] = wanted
    checked.actions[action] += 1
    checked.rows.append({"line": line, "staff_number": number, "action": action})


def roster_check(rows: list[dict]) -> _Checked:
    """Check every row against the force (3 queries); nothing is written."""
    checked = _Checked()
    numbers = [row.get("staff_number", "").strip().upper() for row in rows]
    people = {
        p.staff_number.upper(): p
        for p in Person.objects.filter(staff_number__in=[n for n in numbers if n])
        .select_related("shift_pattern")
        .only("pk", "staff_number", "shift_pattern__name", "shift_pattern_from")
    }
    if len(people) < len(set(numbers)):  # staff numbers in another case
        people |= {
            p.staff_number.upper(): p
            for p in Person.objects.select_related("shift_pattern").only(
                "pk", "staff_number", "shift_pattern__name", "shift_pattern_from"
            )
            if p.staff_number.upper() in set(numbers)
        }
    known = dict(ShiftPattern.objects.values_list("name", "codes"))
    for number, row in enumerate(rows, 1):
        _check_row(checked, line_of(number), row, people, known)
    return checked


@transaction.atomic
def _write(checked: _Checked) -> None:
    for name, codes in checked.patterns.items():
        shift_pattern_upsert(name=name, codes=codes)
    patterns = {p.name: p for p in ShiftPattern.objects.all()}
    people = Person.objects.in_bulk(list(checked.changes))
    changed = []
    for pk, (name, when) in checked.changes.items():
        person = people[pk]
        person.shift_pattern = patterns[name] if name else None
        person.shift_pattern_from = when
        changed.append(person)
    Person.objects.bulk_update(
        changed, ["shift_pattern", "shift_pattern_from"], batch_size=1000
    )
    people_changed(checked.changes)


def roster_import_run(*, data: bytes | str, dry_run: bool) -> ImportReport:
    """Import (or preview, with dry_run) a duty-roster file. All or nothing."""
    report = ImportReport(dry_run=dry_run)
    try:
        lines = csv_rows(csv_text(data))
        headers = [h.strip() for h in lines[0]]
        check_columns(headers, REQUIRED_COLUMNS, ALL_COLUMNS)
    except ValueError as error:
        report.problems.append(ImportProblem(None, "", str(error)))
        return report
    rows = [dict(zip(headers, values, strict=True)) for values in lines[1:]]
    checked = roster_check(rows)
    report.problems.extend(sorted(checked.problems, key=lambda p: (p.line, p.column)))
    report.rows = checked.rows
    report.counts = {
        "rows": len(rows),
        "set": checked.actions["set"],
        "cleared": checked.actions["cleared"],
        "unchanged": checked.actions["unchanged"],
        "patterns": len(checked.patterns),
    }
    if report.ok and not dry_run:
        _write(checked)
    return report
