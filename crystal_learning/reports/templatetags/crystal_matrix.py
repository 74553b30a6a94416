"""My teams' requirement cells as HTML, written in Python: a page is 100 people
by every requirement, and the template engine's tags, lookups and translations
for those 700 cells cost more than the page's SQL (issue 21.3). The markup is
what my_teams.html wrote cell by cell; only this module writes it now."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

from crystal_learning.i18n import gettext_cached as _
from crystal_learning.reports.matrix import Cell, MemberRow

register = template.Library()

TAG = '<strong class="govuk-tag govuk-tag--{}">{}</strong>'
TAG_AND_NOTE = TAG + '<br><span class="govuk-body-s">{}</span>'


#: The day a requirement was done, as the page shows it.
DAY = "j M Y"


def _when(value: datetime, format_string: str, seen: dict) -> str:
    """`{{ value|date:format_string }}`: in the current time zone, each
    distinct day or time formatted once a page (`seen`: month and day names are
    translated on every call)."""
    local = template_localtime(value)
    key = (format_string, local.date() if format_string == DAY else local)
    if key not in seen:
        seen[key] = date_filter(local, format_string)
    return seen[key]


def cell_html(cell: Cell, *, overdue: bool, seen: dict | None = None) -> SafeString:
    """One requirement for one person: done, booked, overdue or how far along
    (`seen`: the dates formatted so far on this page)."""
    seen = {} if seen is None else seen
    state = cell.state
    if state is None:
        return format_html('<span class="govuk-body-s">{}</span>', _("Not required"))
    if state.met:
        if state.completed_at:
            when = _when(state.completed_at, DAY, seen)
            return format_html(TAG_AND_NOTE, "green", state.label, when)
        return format_html(TAG, "green", state.label)
    if cell.protected_time:
        when = _when(cell.booked_on, "D j M H:i", seen)
        note = f"{when}; {state.label}" if state.percent else when
        return format_html(TAG_AND_NOTE, "blue", _("Protected time"), note)
    if cell.booked_on:
        when = _when(cell.booked_on, "j M Y H:i", seen)
        return format_html(TAG_AND_NOTE, "blue", _("Booked"), when)
    if overdue:
        return format_html(TAG_AND_NOTE, "red", _("Overdue"), state.label)
    return format_html(TAG, "light-blue" if state.percent else "grey", state.label)


@register.simple_tag(takes_context=True)
def matrix_cells(context, row: MemberRow) -> SafeString:
    """The row's requirement cells, one <td> each, in the requirements' order."""
    overdue = row.overdue
    seen = context.render_context.setdefault("crystal_matrix_dates", {})
    return format_html_join(
        "",
        '<td class="govuk-table__cell">{}</td>',
        ((cell_html(cell, overdue=overdue, seen=seen),) for cell in row.cells),
    )
