"""Absence import: a backwards range or unknown person is named by line and column."""

import io

import pytest
from django.core.management import CommandError, call_command

from crystal_learning.people.absence_import import absences_import_run
from crystal_learning.people.models import Absence

HEADER = "staff_number,kind,first_day,last_day,note\n"


@pytest.fixture
def file_for(officer):
    def build(*rows: str) -> bytes:
        return (HEADER + "".join(f"{row}\n" for row in rows)).encode()

    return build


def test_absences_are_imported_and_reimport_changes_nothing(officer, file_for):
    data = file_for(
        f"{officer.staff_number},AL,2026-12-01,2026-12-05,Christmas",
        f"{officer.staff_number},sickness,2026-11-20,2026-11-21,",
    )
    report = absences_import_run(data=data, dry_run=False)
    assert report.ok, report.problems
    assert report.counts["new"] == 2
    leave = Absence.objects.get(kind="AL")
    assert (leave.starts_on.isoformat(), leave.ends_on.isoformat()) == (
        "2026-12-01",
        "2026-12-05",
    )
    assert leave.source == "hr"
    again = absences_import_run(data=data, dry_run=False)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 2, "rows": 2}
    assert Absence.objects.count() == 2


def test_a_date_range_that_ends_before_it_starts_names_line_and_column(
    officer, file_for
):
    data = file_for(
        f"{officer.staff_number},AL,2026-12-01,2026-12-05,",
        f"{officer.staff_number},CO,2026-12-10,2026-12-08,First aid",
    )
    report = absences_import_run(data=data, dry_run=False)
    assert [str(p) for p in report.problems] == [
        "Line 3, column last_day: The last day (2026-12-08) is before the first day "
        "(2026-12-10)."
    ]
    assert Absence.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ("NOBODY,AL,2026-12-01,2026-12-02,", "staff_number", "Unknown staff number"),
        ("{s},holiday,2026-12-01,2026-12-02,", "kind", "'holiday' is not a valid kind"),
        ("{s},AL,01/12/2026,2026-12-02,", "first_day", "write it as YYYY-MM-DD"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(
    officer, file_for, row, column, fragment
):
    report = absences_import_run(
        data=file_for(row.format(s=officer.staff_number)), dry_run=False
    )
    problem = report.problems[0]
    assert (problem.line, problem.column) == (2, column)
    assert fragment in problem.message
    assert Absence.objects.count() == 0


def test_command_reports_problems_and_exits_non_zero(officer, tmp_path):
    path = tmp_path / "absences.csv"
    path.write_text(HEADER + f"{officer.staff_number},AL,2026-12-05,2026-12-01,\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("crystal_import_absences", str(path), stderr=err)
    assert "Line 2, column last_day" in err.getvalue()
    path.write_text(HEADER + f"{officer.staff_number},AL,2026-12-01,2026-12-05,\n")
    out = io.StringIO()
    call_command("crystal_import_absences", str(path), stdout=out)
    assert "1 new" in out.getvalue()


def test_admin_absence_form_names_the_last_day_field(client, training_manager, officer):
    client.force_login(training_manager.user)
    response = client.post(
        "/admin/crystal_people_absence/new/",
        {
            "person": officer.pk,
            "kind": "AL",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-01",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "is before the first day" in response.content.decode()
    assert Absence.objects.count() == 0
