"""Reading the crime recording system's victim care extract: parse and check.

All or nothing: every problem is reported as "Line N, column X: ..." (the
header is line 1) and nothing is written while there is one. The crime
reference is hashed here, as soon as it is read: the checked rows that are
stored for the preview and applied later hold only the hash. No victim
details are accepted: a column whose name looks like one refuses the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from crystal_learning import conf
from crystal_learning.people.csv_import import (
    ImportProblem,
    csv_rows,
    csv_text,
    line_of,
    text_problem,
)
from crystal_learning.people.models import Person

from .crime_refs import crime_ref_hash, normalise
from .models import BOXES, Answer, CaseStatus, VictimCareRecord

COLUMNS = (
    "crime_ref",
    "recorded_on",
    "staff_number",
    *BOXES,
    "rationale",
    "case_status",
)
REQUIRED = tuple(c for c in COLUMNS if c != "rationale")

#: Column names that look like a victim's details: the file is refused.
VICTIM_DETAILS = re.compile(
    r"name|surname|forename|address|postcode|post_code|dob|date_?of_?birth|birth"
    r"|phone|mobile|telephone|e-?mail|^victim",
    re.IGNORECASE,
)
CRIME_REF = re.compile(r"\A[A-Z0-9][A-Z0-9/-]{2,39}\Z")
RATIONALE_MAX = 2000
#: How often (in rows) a check reports its progress.
PROGRESS_EVERY = 500


@dataclass
class CheckedExtract:
    problems: list[ImportProblem] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _header_problems(header: list[str]) -> list[ImportProblem]:
    problems = [
        ImportProblem(
            1,
            name,
            _(
                "This column looks like a victim's details. Victim details are "
                "never imported: remove the column and upload the file again."
            ),
        )
        for name in header
        if VICTIM_DETAILS.search(name) and name != "staff_number"
    ]
    if problems:
        return problems
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    doubled = {h for h in header if header.count(h) > 1}
    problems += [
        ImportProblem(1, c, _("This column is missing; line 1 must name it."))
        for c in missing
    ]
    problems += [
        ImportProblem(
            1,
            h,
            _("Unknown column. Known columns: %(known)s.")
            % {"known": ", ".join(COLUMNS)},
        )
        for h in unknown
    ]
    problems += [
        ImportProblem(1, h, _("This column appears twice.")) for h in sorted(doubled)
    ]
    return problems


def _answer(value: str) -> str:
    found = {a.value.upper(): a.value for a in Answer}.get(value.strip().upper())
    if found is None:
        raise ValueError(
            _("'%(value)s' is not an answer; use Y, N or NA.") % {"value": value[:40]}
        )
    return found


def _status(value: str) -> str:
    found = {s.value: s.value for s in CaseStatus}.get(value.strip().lower())
    if found is None:
        raise ValueError(
            _("'%(value)s' is not a case status; use open or closed.")
            % {"value": value[:40]}
        )
    return found


def _recorded_on(value: str, today: date) -> str:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            _("'%(value)s' is not a date; use YYYY-MM-DD, e.g. 2026-03-31.")
            % {"value": value[:40]}
        ) from None
    if day > today:
        raise ValueError(_("The date is in the future."))
    return day.isoformat()


def _sealed_ref(value: str, key: bytes) -> str:
    """A crime reference cell as stored for the check: "#" and its keyed hash,
    or "!" and why it is not a reference (the raw value is never kept)."""
    ref = normalise(value)
    if not ref:
        return "!required"
    if not CRIME_REF.match(ref):
        return "!format"
    return "#" + crime_ref_hash(ref, key=key)


def _crime_ref(sealed: str) -> str:
    if sealed.startswith("#"):
        return sealed[1:]
    if sealed == "!required":
        raise ValueError(_("This column is required."))
    raise ValueError(
        _(
            "This is not a crime reference: use 3 to 40 letters, digits, "
            "hyphens and slashes."
        )
    )


def _rationale(value: str) -> str:
    text = value.strip()
    problem = text_problem(text)
    if problem:
        raise ValueError(problem)
    if len(text) > RATIONALE_MAX:
        raise ValueError(
            _("The rationale is longer than %(max)s characters.")
            % {"max": RATIONALE_MAX}
        )
    return text


class _RowChecker:
    """Checks one row at a time; people are looked up once for the whole file."""

    def __init__(self, staff_numbers: set[str], today: date) -> None:
        self.today = today
        self.people = {
            p["staff_number"].upper(): p
            for p in Person.objects.filter(
                staff_number__in={s.upper() for s in staff_numbers} | staff_numbers
            ).values("pk", "staff_number", "team_id", "team__name", "display_name")
        }
        self.lines_of_hash: dict[str, int] = {}

    def check(self, line: int, raw: dict[str, str]) -> tuple[dict, list]:
        row: dict = {"line": line}
        problems: list[ImportProblem] = []

        def take(column: str, parse, key: str = "") -> None:
            try:
                row[key or column] = parse(raw.get(column, ""))
            except ValueError as error:
                problems.append(ImportProblem(line, column, str(error)))

        take("crime_ref", _crime_ref, key="crime_ref_hash")
        take("recorded_on", lambda v: _recorded_on(v, self.today))
        take("staff_number", self._person)
        for box in BOXES:
            take(box, _answer)
        take("rationale", _rationale)
        take("case_status", _status)
        self._cross_checks(line, raw, row, problems)
        return row, problems

    def _person(self, value: str) -> str:
        staff_number = value.strip()
        if not staff_number:
            raise ValueError(_("This column is required."))
        person = self.people.get(staff_number.upper())
        if person is None:
            raise ValueError(
                _("Nobody has the staff number '%(value)s'.")
                % {"value": staff_number[:20]}
            )
        return person["staff_number"]

    def _cross_checks(self, line, raw, row, problems) -> None:
        said_no = [box for box in BOXES if row.get(box) == Answer.NO]
        if said_no and "rationale" in row and not row["rationale"]:
            problems.append(
                ImportProblem(
                    line,
                    "rationale",
                    _("A rationale is required when a box is N (%(boxes)s).")
                    % {"boxes": ", ".join(said_no)},
                )
            )
        digest = row.get("crime_ref_hash")
        if digest is not None:
            first = self.lines_of_hash.setdefault(digest, line)
            if first != line:
                problems.append(
                    ImportProblem(
                        line,
                        "crime_ref",
                        _("The same crime reference is on line %(first)s.")
                        % {"first": first},
                    )
                )
        person = self.people.get(str(row.get("staff_number", "")).upper())
        if person is not None:
            row["person_id"] = person["pk"]
            row["team_id"] = person["team_id"]
            row["team_name"] = person["team__name"]


def extract_rows(data: bytes | str) -> list[list[str]]:
    """The file's rows (header first) with every crime reference sealed: hashed
    at once, so nothing stored for the check (or a job) holds a raw reference.
    ValueError (what to do) if the file is not UTF-8 CSV text."""
    rows = csv_rows(csv_text(data))
    header = [h.strip() for h in rows[0]]
    columns = [n for n, name in enumerate(header) if name == "crime_ref"]
    key = conf.crime_ref_key()
    for values in rows[1:]:
        for column in columns:
            values[column] = _sealed_ref(values[column], key)
    return rows


def check_extract(data: bytes | str, *, today: date | None = None) -> CheckedExtract:
    """Parse and check the extract; the checked rows carry only hashed references."""
    try:
        rows = extract_rows(data)
    except ValueError as error:
        result = CheckedExtract()
        result.problems.append(ImportProblem(None, "", str(error)))
        return result
    return check_rows(rows, today=today)


def check_rows(
    rows: list[list[str]],
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> CheckedExtract:
    """Check sealed rows (``extract_rows``); `progress` hears how many rows are
    done every PROGRESS_EVERY rows."""
    result = CheckedExtract()
    header = [h.strip() for h in rows[0]]
    result.problems = _header_problems(header)
    if result.problems:
        return result
    body = [dict(zip(header, values, strict=True)) for values in rows[1:]]
    if not body:
        result.problems.append(ImportProblem(None, "", _("The file has no rows.")))
        return result
    checker = _RowChecker(
        {raw.get("staff_number", "").strip() for raw in body},
        today or timezone.localdate(),
    )
    for number, raw in enumerate(body, 1):
        row, problems = checker.check(line_of(number), raw)
        result.rows.append(row)
        result.problems += problems
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
    if result.problems:
        result.rows = []
    else:
        _mark_replacements(result.rows)
    return result


def _mark_replacements(rows: list[dict]) -> None:
    """Which rows replace a record already imported (the same crime reference)."""
    hashes = [row["crime_ref_hash"] for row in rows]
    existing = set()
    for start in range(0, len(hashes), 500):
        existing.update(
            VictimCareRecord.objects.filter(
                crime_ref_hash__in=hashes[start : start + 500]
            ).values_list("crime_ref_hash", flat=True)
        )
    for row in rows:
        row["replaces"] = row["crime_ref_hash"] in existing
