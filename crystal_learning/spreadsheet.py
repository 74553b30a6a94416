"""The one rule for text written to a spreadsheet (OWASP, CSV injection).

Excel and LibreOffice run a cell as a formula when its text begins with one of
= + - @ TAB CR, in a CSV they open and, once edited, in an XLSX. Every export
(ours, Wagtail's reports and lists, form submissions) writes its cells through
`cell_safe`, which puts a single quote in front of such text: the cell shows
the text and never runs. Numbers, dates and empty cells are left as they are.
Control characters an XLSX cannot hold are shown as U+FFFD instead of failing
the whole export.
"""

from __future__ import annotations

import re
from functools import wraps
from typing import Any

#: The first characters that make a spreadsheet read text as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Characters an XLSX cannot hold (openpyxl refuses the whole workbook).
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def formula_prefix(value: object) -> bool:
    """True when `value` is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def cell_safe(value: Any) -> Any:
    """`value` ready for a cell: text a spreadsheet would run gets a leading ',
    anything that is not text is returned as it is."""
    if not isinstance(value, str):
        return value
    value = UNWRITABLE.sub("\ufffd", value)
    return "'" + value if formula_prefix(value) else value


def cells_safe(values) -> list:
    """A row of cells, each through `cell_safe`."""
    return [cell_safe(value) for value in values]


def wagtail_exports_neutralise() -> None:
    """Every CSV and XLSX Wagtail writes (SpreadsheetExportMixin: our reports and
    lists, its own reports, form submissions) goes through `cell_safe`, headings
    included. Wagtail has no hook for this, so the two methods are wrapped once."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "cells_neutralised", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    @wraps(preprocess)
    def preprocess_field_value(self, field, value, export_format):
        return cell_safe(preprocess(self, field, value, export_format))

    @wraps(heading)
    def get_heading(self, queryset, field):
        return cell_safe(heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
    SpreadsheetExportMixin.cells_neutralised = True
