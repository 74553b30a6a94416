"""Exports: the supervisor's matrix as CSV or XLSX, and the monthly performance
review workbook (one sheet per area)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date

import tablib
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from crystal_learning.people.models import Person
from crystal_learning.spreadsheet import cell_safe, cells_safe
from crystal_learning.victim_care.models import BOX_LABELS

from .matrix import Matrix, MemberRow

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


#: Assignments read and written at a time by the streamed CSV (5 queries each).
CHUNK_SIZE = 2000


def _matrix_headers(matrix: Matrix) -> list:
    return cells_safe(
        [
            _("Staff number"),
            _("Name"),
            _("Rank"),
            _("Team"),
            _("Due"),
            _("Status"),
            _("Done"),
            *[r.label for r in matrix.requirements],
            _("Last reminded"),
        ]
    )


def _rank_labels() -> dict[str, str]:
    """Rank code -> label, translated once (not once a row: get_rank_display)."""
    return {code: str(label) for code, label in Person.Rank.choices}


def _matrix_values(row: MemberRow, ranks: dict[str, str]) -> list:
    person = row.person
    return cells_safe(
        [
            person.staff_number,
            person.display_name,
            ranks.get(person.rank, person.rank),
            person.team.name,
            row.assignment.due_on.isoformat(),
            row.status,
            f"{row.met} of {row.required}",
            *[cell.text for cell in row.cells],
            f"{row.last_reminded:%Y-%m-%d %H:%M}" if row.last_reminded else "",
        ]
    )


def matrix_dataset(matrix: Matrix) -> tablib.Dataset:
    """Everyone in the matrix, in its order, for a workbook."""
    data = tablib.Dataset(
        headers=_matrix_headers(matrix), title=matrix.programme.name[:31]
    )
    ranks = _rank_labels()
    for rows in matrix.chunks(CHUNK_SIZE):
        for row in rows:
            data.append(_matrix_values(row, ranks))
    return data


def matrix_csv_download(matrix: Matrix, *, name: str) -> StreamingHttpResponse:
    """Everyone in the matrix, in its order, as CSV, written and sent CHUNK_SIZE
    rows at a time (the same cells as the workbook)."""
    language = translation.get_language()

    def chunks() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        with translation.override(language):  # the response outlives the view
            writer.writerow(_matrix_headers(matrix))
            ranks = _rank_labels()
        for rows in matrix.chunks(CHUNK_SIZE):
            with translation.override(language):
                writer.writerows(_matrix_values(row, ranks) for row in rows)
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():  # nobody chosen: the header alone
            yield buffer.getvalue().encode()

    return _attachment(
        StreamingHttpResponse(chunks(), content_type=CONTENT_TYPES["csv"]),
        name=name,
        kind="csv",
    )


def _attachment(response, *, name: str, kind: str):
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.{kind}"'
    return response


def download(content: bytes | str, *, name: str, kind: str) -> HttpResponse:
    return _attachment(
        HttpResponse(content, content_type=CONTENT_TYPES[kind]), name=name, kind=kind
    )


def dataset_download(data: tablib.Dataset, *, name: str, kind: str) -> HttpResponse:
    return download(data.export(kind), name=name, kind=kind)


# ------------------------------------------------------- performance review

SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    base = SHEET_NAME_BAD.sub("-", name).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _write(sheet, rows: list[list], widths: list[int]) -> None:
    for row in rows:
        sheet.append(cells_safe(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def performance_workbook(review) -> bytes:
    """The workbook a monthly performance meeting uses: a summary of every area,
    then one sheet per area with its teams."""
    book = Workbook()
    summary = book.active
    used = {"summary"}
    summary.title = "Summary"
    headings = [
        _("Area"),
        _("Assigned"),
        _("Completed"),
        _("Completed (%)"),
        _("Completed in month"),
        _("In progress"),
        _("Not started"),
        _("Booked"),
        _("Overdue"),
    ]
    rows = [headings]
    for area in review.areas:
        rows.append(
            _figures(area.name or _("No area"), area, _area_in_month(review, area))
        )
    rows.append(_figures(_("Force"), review.total, review.completed_in_month_total))
    _write(summary, rows, [30, 10, 11, 14, 18, 12, 12, 9, 9])
    note = _("%(programme)s, %(month)s. %(basis)s") % {
        "programme": review.programme.name,
        "month": f"{review.month:%B %Y}",
        "basis": review.basis,
    }
    summary.append([])
    summary.append([cell_safe(note)])
    if review.forecast is not None:
        summary.append([_("Forecast 90%"), _when(review.forecast.target_90)])
        summary.append([_("Forecast 100%"), _when(review.forecast.target_100)])
    for area in review.areas:
        sheet = book.create_sheet(_sheet_title(area.name or _("No area"), used))
        rows = [[_("Team"), *headings[1:]]]
        for team in review.teams_by_area.get(area.team.pk if area.team else None, []):
            rows.append(
                _figures(
                    team.name, team, review.completed_in_month.get(team.team.pk, 0)
                )
            )
        rows.append(_figures(_("Area total"), area, _area_in_month(review, area)))
        _write(sheet, rows, [34, 10, 11, 14, 18, 12, 12, 9, 9])
    _victim_care_sheet(book.create_sheet(_sheet_title(_("Victim care"), used)), review)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _when(day: date | None) -> str:
    return day.isoformat() if day else _("Not at the current rate")


def _area_in_month(review, area) -> int:
    return review.area_completed_in_month.get(area.team.pk if area.team else None, 0)


def _figures(name: str, counts, in_month: int) -> list:
    return [
        name,
        counts.assigned,
        counts.completed,
        counts.percent if counts.percent is not None else "",
        in_month,
        counts.in_progress,
        counts.not_started,
        counts.booked,
        counts.overdue,
    ]


def _victim_care_sheet(sheet, review) -> None:
    """One row per team: the month's victim care records, compliant records and
    each box (victim_care.selectors, the one rule), beside the share of the team
    who have completed the programme (the coverage figures above)."""
    training = {
        row.team.pk: row
        for rows in review.teams_by_area.values()
        for row in rows
        if row.team is not None
    }
    figures = {row.team_id: row for row in review.victim_care}
    names = {pk: (row.team.name, row.team.code) for pk, row in training.items()}
    names.update({pk: (row.name, row.code) for pk, row in figures.items()})
    rows = [
        [
            _("Team"),
            _("Team code"),
            _("Records"),
            _("Compliant records"),
            _("Compliant (%)"),
            *[f"{label} (%)" for label in BOX_LABELS.values()],
            _("%(programme)s completed (%%)") % {"programme": review.programme.name},
        ]
    ]
    for pk, (name, code) in sorted(names.items(), key=lambda item: item[1]):
        found = figures.get(pk)
        row = training.get(pk)
        rows.append(
            [
                name,
                code,
                *_compliance(found.figures if found else None),
                _number(row.percent if row else None),
            ]
        )
    rows.append(
        [
            _("Force"),
            "",
            *_compliance(review.victim_care_total),
            _number(review.total.percent),
        ]
    )
    _write(sheet, rows, [34, 12, 9, 11, 13, *[14] * len(BOX_LABELS), 16])


def _number(value: int | None):
    return "" if value is None else value


def _compliance(figures) -> list:
    if figures is None:
        return [0, 0, "", *[""] * len(BOX_LABELS)]
    return [
        figures.records,
        figures.compliant,
        _number(figures.percent),
        *[_number(percent) for _box, percent in figures.box_percents],
    ]
