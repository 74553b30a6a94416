"""Shared machinery for CSV imports: parsing, widgets, all-or-nothing runs, problems.

Every import reports each problem with its line number (the header is line 1)
and the column name the file uses, and writes nothing if there is any problem.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field

import tablib
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from import_export import resources, widgets

from crystal_learning.spreadsheet import formula_prefix

MAX_ROWS = 50_000
HEADER_LINES = 1


@dataclass(frozen=True)
class ImportProblem:
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = _("Line %(line)s") % {"line": self.line} if self.line else _("File")
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    problems: list[ImportProblem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # what applying would change
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


def line_of(row_number: int) -> int:
    return row_number + HEADER_LINES


def cell(row: dict, column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


@functools.lru_cache(maxsize=64)
def _choice_lookup(choices: type, language: str | None) -> dict[str, str]:
    """Values and labels (in the active language), lower case, to values."""
    return {c.value.lower(): c.value for c in choices} | {
        str(c.label).lower(): c.value for c in choices
    }


def choice_value(value: str, choices: type, column: str) -> str:
    """Accept a choice's value or label, case-insensitively; ValueError otherwise."""
    found = _choice_lookup(choices, get_language()).get(value.strip().lower())
    if found is None:
        raise ValueError(
            _("'%(value)s' is not a valid %(column)s; use one of %(known)s.")
            % {
                "value": value,
                "column": column,
                "known": ", ".join(c.value for c in choices),
            }
        )
    return found


class ChoiceWidget(widgets.Widget):
    def __init__(self, choices: type, column: str) -> None:
        super().__init__()
        self.choices, self.column = choices, column

    def clean(self, value, row=None, **kwargs):
        if not value or not str(value).strip():
            raise ValueError(_("This column is required."))
        return choice_value(str(value), self.choices, self.column)


class TextWidget(widgets.CharWidget):
    """Free text: no control characters, nothing a spreadsheet runs as a formula."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value)
        problem = text_problem(text.strip(" "))
        if problem:
            raise ValueError(problem)
        return text.strip()


class RequiredTextWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            raise ValueError(_("This column is required."))
        return text


class YesNoWidget(widgets.Widget):
    TRUE = {"", "yes", "y", "true", "1", "active"}
    FALSE = {"no", "n", "false", "0", "inactive", "leaver"}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("'%(value)s' is not yes or no.") % {"value": value})


def csv_text(data: bytes | str) -> str:
    """The file as text; ValueError saying what is wrong if it is not UTF-8 text.

    Never decodes with replacement characters: a Latin-1, UTF-16 or binary file
    is refused with what to do about it.
    """
    text = data if isinstance(data, str) else _decode(data)
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise _nul(text.count("\n", 0, text.index("\x00")) + 1)
    return text


def _nul(line: int) -> ValueError:
    return ValueError(
        _(
            "The file contains NUL characters (line %(line)s): it is binary or "
            "UTF-16, not CSV text. Save it as CSV UTF-8 and upload it again."
        )
        % {"line": line}
    )


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError(
            _(
                "The file is UTF-16 text, not UTF-8. Save it as CSV UTF-8 "
                "(Excel: Save As, CSV UTF-8) and upload it again."
            )
        )
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValueError(
            _(
                "The file is a spreadsheet workbook, not CSV. Save it as CSV UTF-8 "
                "(Excel: Save As, CSV UTF-8) and upload it again."
            )
        )
    if b"\x00" in data:
        raise _nul(data.count(b"\n", 0, data.index(b"\x00")) + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            _(
                "The file is not UTF-8 text (line %(line)s, %(pos)s bytes into the "
                "file): it may "
                "be Latin-1 or Windows-1252, or not text at all. Save it as CSV "
                "UTF-8 (Excel: Save As, CSV UTF-8) and upload it again."
            )
            % {"pos": error.start, "line": line}
        ) from error


def parse_csv(data: bytes | str) -> tablib.Dataset:
    """Read CSV into a Dataset; ValueError with a readable reason if it is not CSV."""
    data = csv_text(data)
    if not data.strip():
        raise ValueError(_("The file is empty."))
    rows = csv_rows(data)
    header, body = rows[0], rows[1:]
    dataset = tablib.Dataset(headers=[h.strip() for h in header])
    for values in body:
        dataset.append(values)
    return dataset


def csv_rows(data: str) -> list[list[str]]:
    """The non-blank rows of CSV text, header first, each as long as the header."""
    try:
        rows = list(csv.reader(io.StringIO(data), strict=True))
    except csv.Error as error:
        raise ValueError(
            _("The file is not valid CSV: %(error)s.") % {"error": error}
        ) from error
    rows = [r for r in rows if any(value.strip() for value in r)]
    if not rows:
        raise ValueError(_("The file is empty."))
    header, body = rows[0], rows[1:]
    if len(body) > MAX_ROWS:
        raise ValueError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    for number, values in enumerate(body, 1):
        if len(values) != len(header):
            raise ValueError(
                _("Line %(line)s has %(got)s values but the header has %(want)s.")
                % {"line": line_of(number), "got": len(values), "want": len(header)}
            )
    return rows


#: Control characters (Unicode category Cc): C0, DEL and C1.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def text_problem(value: str) -> str | None:
    """Why a free-text cell is refused (a control character or a formula), or None.

    `value` is the cell with its spaces stripped: a tab or line break at
    either end is refused too.
    """
    control = CONTROL.search(value)
    if control:
        char = control.group()
        return _(
            "'%(value)s' contains a control character (U+%(code)04X, such as a "
            "line break or tab); remove it."
        ) % {
            "value": value.encode("unicode_escape").decode()[:60],
            "code": ord(char),
        }
    if formula_prefix(value):
        return _(
            "'%(value)s' starts with %(char)s, which spreadsheets read as a "
            "formula; remove the %(char)s."
        ) % {"value": value[:60], "char": value[0]}
    return None


def check_columns(headers: list[str], required: tuple, known: tuple) -> None:
    """ValueError naming missing or unknown columns."""
    missing = [c for c in required if c not in headers]
    if missing:
        raise ValueError(
            _("Missing required column(s): %(missing)s. Line 1 must name them.")
            % {"missing": ", ".join(missing)}
        )
    unknown = [h for h in headers if h not in known]
    if unknown:
        raise ValueError(
            _("Unknown column(s): %(unknown)s. Known columns: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
        )


def run_resource_import(
    resource: resources.ModelResource, dataset: tablib.Dataset, *, dry_run: bool
) -> tuple[object, list[ImportProblem]]:
    """Run an import-export resource all-or-nothing; return its result and problems."""
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            raise_errors=False,
        )
        problems = result_problems(
            result, getattr(resource, "COLUMN_FOR_ATTRIBUTE", {})
        )
        if problems and not dry_run:
            transaction.set_rollback(True)
    return result, problems


def result_problems(result, column_for: dict[str, str]) -> list[ImportProblem]:
    problems = [
        ImportProblem(None, "", str(error.error)) for error in result.base_errors
    ]
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = column_for.get(attribute, attribute)
            if column == "__all__":
                column = ""
            for message in messages:
                problems.append(
                    ImportProblem(line_of(invalid.number), column, str(message))
                )
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(ImportProblem(line_of(number), "", str(error.error)))
    return sorted(problems, key=lambda p: (p.line or 0, p.column))
