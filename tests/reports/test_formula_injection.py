"""Formula injection (OWASP CSV injection): a name that a spreadsheet would run
as a formula is exported as text, with a leading ', in every CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from types import SimpleNamespace

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import Assignment, Programme
from crystal_learning.programmes.services import assignments_sync
from crystal_learning.spreadsheet import FORMULA_TRIGGERS, cell_safe, formula_prefix
from tests.helpers import sign_in
from tests.people.factories import PersonFactory
from tests.programmes.helpers import CORE

pytestmark = pytest.mark.django_db

#: What an attacker puts in the HR file as a name (each runs in Excel today).
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturned",
]
TEAM = "@North Response A"
AREA = "=North"


def csv_cells(response) -> list[list[str]]:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_cells(response) -> list:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def assert_csv_is_inert(response, expected: list[str]) -> None:
    assert response.status_code == 200
    cells = [cell for row in csv_cells(response) for cell in row]
    for value in expected:
        assert "'" + value in cells, value
    live = [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    assert live == []


def assert_xlsx_is_inert(response, expected: list[str]) -> list:
    assert response.status_code == 200
    cells = xlsx_cells(response)
    assert [c.value for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    for value in expected:
        # XML reads a CR back as a line feed.
        assert "'" + value.replace("\r", "\n") in texts, value
    live = [v for v in texts if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS)]
    assert live == []
    return cells


@pytest.fixture
def hostile(force):
    """People with formula names in the demo sergeant's team, all overdue; their
    team and area named like formulas too."""
    team = Team.objects.get(code="N-RESP-A")
    area = team.get_parent()
    Team.objects.filter(pk=area.pk).update(name=AREA)
    Team.objects.filter(pk=team.pk).update(name=TEAM)
    people = [
        PersonFactory(
            team=Team.objects.get(pk=team.pk),
            display_name=name,
            staff_number=f"HX{n}",
        )
        for n, name in enumerate(HOSTILE)
    ]
    people[0].staff_number = "-99"
    people[0].save(update_fields=["staff_number"])
    assignments_sync()
    Assignment.objects.filter(person__in=people).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    return people


EVERYTHING = [*HOSTILE, "-99", TEAM]


def test_my_teams_csv_and_xlsx_hold_the_names_as_text(client, hostile):
    sign_in(client, "sergeant")
    assert_csv_is_inert(client.get("/reports/my-teams/export.csv"), EVERYTHING)
    assert_xlsx_is_inert(client.get("/reports/my-teams/export.xlsx"), EVERYTHING)


def test_the_overdue_list_holds_the_names_as_text(client, hostile):
    sign_in(client, "manager")
    url = "/admin/reports/training/overdue/"
    assert_csv_is_inert(client.get(url, {"export": "csv"}), EVERYTHING)
    assert_xlsx_is_inert(client.get(url, {"export": "xlsx"}), EVERYTHING)


def test_coverage_by_team_holds_team_and_area_names_as_text(client, hostile):
    sign_in(client, "manager")
    url = "/admin/reports/training/coverage/"
    assert_csv_is_inert(client.get(url, {"export": "csv"}), [TEAM, AREA])
    cells = assert_xlsx_is_inert(client.get(url, {"export": "xlsx"}), [TEAM, AREA])
    counts = [c for c in cells if isinstance(c.value, int)]
    assert counts and all(c.data_type == "n" for c in counts)


def test_the_people_list_export_holds_the_names_as_text(client, hostile):
    sign_in(client, "manager")
    url = "/admin/crystal_people_person/"
    assert_csv_is_inert(client.get(url, {"export": "csv"}), EVERYTHING)
    assert_xlsx_is_inert(client.get(url, {"export": "xlsx"}), EVERYTHING)


def test_the_performance_review_workbook_holds_area_and_team_as_text(client, hostile):
    sign_in(client, "manager")
    programme = Programme.objects.get(name=CORE)
    Programme.objects.filter(pk=programme.pk).update(name="+Core")
    response = client.get(
        "/admin/reports/training/performance-review/",
        {"programme": programme.pk, "month": f"{timezone.localdate():%Y-%m}"},
    )
    cells = assert_xlsx_is_inert(response, [TEAM, AREA])
    notes = [c.value for c in cells if str(c.value).startswith("'+")]
    assert notes and notes[0].startswith("'+Core, ")


def test_wagtails_own_reports_hold_the_names_as_text(client, hostile):
    """Site history (a Wagtail report) lists people by their name."""
    User.objects.create_superuser("root", "root@example.org", "x")
    log(hostile[0], "wagtail.edit")
    client.force_login(User.objects.get(username="root"))
    url = "/admin/reports/site-history/"
    label = str(Person.objects.get(pk=hostile[0].pk))
    assert_csv_is_inert(client.get(url, {"export": "csv"}), [label])
    assert_xlsx_is_inert(client.get(url, {"export": "xlsx"}), [label])


class NumbersExport(SpreadsheetExportMixin):
    list_export = ["name", "change"]
    export_headings = {"name": "Name", "change": "Change"}


def test_negative_numbers_stay_numbers_and_only_text_is_quoted():
    rows = [
        SimpleNamespace(name="-2", change=-2),
        SimpleNamespace(name="Ann", change=-1.5),
    ]
    view = NumbersExport()
    view.request = RequestFactory().get("/")
    data = b"".join(view.write_csv_response(rows).streaming_content).decode()
    assert list(csv.reader(io.StringIO(data)))[1:] == [["'-2", "-2"], ["Ann", "-1.5"]]
    book = openpyxl.load_workbook(view.write_xlsx_response(rows).file_to_stream)
    values = [[c.value for c in row] for row in book.active.iter_rows(min_row=2)]
    assert values == [["'-2", -2], ["Ann", -1.5]]


def test_the_rule_itself():
    assert [formula_prefix(v) for v in HOSTILE] == [True] * len(HOSTILE)
    assert cell_safe("O'Neil") == "O'Neil" and cell_safe("Ann-Marie") == "Ann-Marie"
    assert cell_safe(-2) == -2 and cell_safe(None) is None
    assert cell_safe("=1+1") == "'=1+1"
    assert cell_safe("bell\x07") == "bell\ufffd"  # an XLSX cannot hold it


def test_no_export_on_the_site_writes_its_cells_another_way():
    """Every view with CSV/XLSX downloads (ours, Wagtail's reports, form
    submissions) uses the neutralised cell writing, unchanged."""
    from tests.site.helpers import routes

    views = {getattr(p.callback, "view_class", None) for _route, p in routes()}
    exporters = {v for v in views if v and issubclass(v, SpreadsheetExportMixin)}
    names = {v.__name__ for v in exporters}
    assert {"OverdueReportView", "PersonIndexView", "LogEntriesView"} <= names
    for view in exporters:
        for method in ("preprocess_field_value", "get_heading"):
            assert getattr(view, method) is getattr(SpreadsheetExportMixin, method)
    assert SpreadsheetExportMixin.cells_neutralised
