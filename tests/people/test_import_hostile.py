"""Hostile HR and absence files are refused with a clear message; nothing is written.

Issue 15, points 5 and 6: a staff number that takes over somebody's account, a
staff number with line breaks or quotes, files that are not UTF-8 text, and
names a spreadsheet would run as formulas.
"""

from __future__ import annotations

import codecs
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from crystal_learning.people.absence_import import absences_import_run
from crystal_learning.people.hr_import import people_import_run
from crystal_learning.people.models import Absence, PeopleImport, Person, Team
from tests.people.factories import UserFactory
from tests.people.helpers import snapshot

User = get_user_model()
HEADER = "staff_number,display_name,rank,team_code,team_name,team_kind\n"
ROW = "D5001,Casey Lee,PC,N-RESP-A,North Response A,response\n"


def problems(report) -> list[str]:
    return [str(p) for p in report.problems]


# -- point 5: a new person must not take over an existing account ------------


@pytest.mark.django_db
@pytest.mark.parametrize("staff_number", ["sysadmin", "SYSADMIN", "SysAdmin"])
def test_a_staff_number_equal_to_an_existing_user_name_is_refused(staff_number):
    admin = UserFactory(username="sysadmin", is_superuser=True, is_staff=True)
    before = snapshot()
    report = people_import_run(
        data=HEADER + ROW.replace("D5001", staff_number), dry_run=False
    )
    assert problems(report) == [
        f"Line 2, column staff_number: Staff number {staff_number} is already the "
        "user name of another account; a new person cannot take it over. Check the "
        "staff number, or rename that account first."
    ]
    assert snapshot() == before
    assert not Person.objects.filter(user=admin).exists()
    assert not Team.objects.filter(code="N-RESP-A").exists()
    admin.refresh_from_db()
    assert admin.is_superuser and admin.has_usable_password()


@pytest.mark.django_db
def test_the_command_refuses_a_staff_number_taken_by_an_account(tmp_path):
    UserFactory(username="d5001")
    path = tmp_path / "hr.csv"
    path.write_text(HEADER + ROW)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("crystal_import_people", str(path), stderr=err)
    assert "Line 2, column staff_number: Staff number D5001 is already" in (
        err.getvalue()
    )
    assert not Person.objects.exists()


def test_the_admin_preview_refuses_a_staff_number_taken_by_an_account(
    client, training_manager
):
    client.force_login(training_manager.user)
    username = training_manager.user.username
    client.post(
        reverse("crystal_people_admin:upload"),
        {
            "file": SimpleUploadedFile(
                "hr.csv", (HEADER + ROW.replace("D5001", username)).encode()
            )
        },
    )
    record = PeopleImport.objects.get()
    page = client.get(reverse("crystal_people_admin:preview", args=[record.pk]))
    assert "Line 2, column staff_number: Staff number" in page.content.decode()
    assert "Apply import" not in page.content.decode()
    response = client.post(
        reverse("crystal_people_admin:apply", args=[record.pk]), follow=True
    )
    assert "nothing was written" in response.content.decode()
    assert Person.objects.filter(staff_number__iexact=username).count() == 0


# -- point 5: staff numbers are letters, digits and hyphens -----------------

BAD_STAFF_NUMBERS = {
    "line feed": '"D50\n01"',
    "carriage return": '"D50\r01"',
    "double quote": '"D50""01"',
    "single quote": "D50'01",
    "space inside": "D50 01",
    "semicolon": "D50;01",
    "formula": "=D5001",
    "leading hyphen": "-5001",
    "vertical tab": "D50\x0b01",
    "non-ASCII letter": "Д5001",
    "too long": "D" + "1" * 20,
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_STAFF_NUMBERS, ids=list(BAD_STAFF_NUMBERS))
def test_a_staff_number_with_odd_characters_is_refused(case):
    before = snapshot()
    report = people_import_run(
        data=HEADER + ROW.replace("D5001", BAD_STAFF_NUMBERS[case]), dry_run=False
    )
    assert [(p.line, p.column) for p in report.problems] == [(2, "staff_number")]
    assert "letters, digits and hyphens" in report.problems[0].message
    assert snapshot() == before
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_a_staff_number_with_a_hyphen_is_fine():
    report = people_import_run(
        data=HEADER + ROW.replace("D5001", "PS-5001"), dry_run=False
    )
    assert report.ok, problems(report)
    assert Person.objects.get().user.username == "ps-5001"


# -- point 5: files that are not UTF-8 text ---------------------------------

GOOD_TEXT = HEADER + "D5001,Zoë Brontë,PC,N-RESP-A,North Response A,response\n"
NOT_UTF8 = {
    "Latin-1": (GOOD_TEXT.encode("latin-1"), "not UTF-8 text (line"),
    "Windows-1252": (
        GOOD_TEXT.replace("Zoë", "Zoë “Z”").encode("cp1252"),
        "not UTF-8 text",
    ),
    "UTF-16 with a byte-order mark": (GOOD_TEXT.encode("utf-16"), "UTF-16"),
    "UTF-16 without a byte-order mark": (
        GOOD_TEXT.encode("utf-16-le"),
        "contains NUL characters",
    ),
    "UTF-16 big-endian with a mark": (
        codecs.BOM_UTF16_BE + GOOD_TEXT.encode("utf-16-be"),
        "UTF-16",
    ),
    "an Excel workbook": (
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),
        "spreadsheet workbook",
    ),
    "binary": (bytes(range(256)) * 4, "contains NUL characters"),
    "a NUL in a name": (
        GOOD_TEXT.replace("Zoë", "Zo\x00ë").encode(),
        "contains NUL characters (line 2)",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", NOT_UTF8, ids=list(NOT_UTF8))
def test_a_file_that_is_not_utf8_text_is_refused_saying_what_to_do(case):
    data, fragment = NOT_UTF8[case]
    report = people_import_run(data=data, dry_run=False)
    assert len(report.problems) == 1
    message = str(report.problems[0])
    assert message.startswith("File: ")
    assert fragment in message
    assert "Save it as CSV UTF-8" in message
    assert "\ufffd" not in message
    assert not Person.objects.exists()
    assert not Team.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("case", NOT_UTF8, ids=list(NOT_UTF8))
def test_the_command_refuses_a_file_that_is_not_utf8_and_stores_nothing(case, tmp_path):
    data, fragment = NOT_UTF8[case]
    path = tmp_path / "hr.csv"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError, match="was refused; nothing was imported"):
        call_command("crystal_import_people", str(path), stderr=err)
    assert fragment in err.getvalue()
    assert "Save it as CSV UTF-8" in err.getvalue()
    assert not PeopleImport.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize("case", NOT_UTF8, ids=list(NOT_UTF8))
def test_the_admin_upload_refuses_a_file_that_is_not_utf8_and_stores_nothing(
    case, client, training_manager
):
    data, fragment = NOT_UTF8[case]
    client.force_login(training_manager.user)
    response = client.post(
        reverse("crystal_people_admin:upload"),
        {"file": SimpleUploadedFile("hr.csv", data, "text/csv")},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert fragment in text and "Save it as CSV UTF-8" in text
    assert not PeopleImport.objects.exists()


@pytest.mark.django_db
def test_the_absence_import_refuses_a_latin1_file(officer):
    data = (
        "staff_number,kind,first_day,last_day,note\n"
        f"{officer.staff_number},AL,2026-12-01,2026-12-05,Noël\n"
    ).encode("latin-1")
    report = absences_import_run(data=data, dry_run=False)
    assert "not UTF-8 text" in str(report.problems[0])
    assert "Save it as CSV UTF-8" in str(report.problems[0])
    assert not Absence.objects.exists()


# -- point 6: nothing a spreadsheet would run as a formula ------------------

FORMULAS = ['=HYPERLINK("http://x.example")', "+1+2", "-2+3", "@SUM(A1)"]
CONTROLS = ["\tAlex", "\rAlex", "Alex\r\nMorgan", "Alex\x1bMorgan"]


def _hr_row(column: str, value: str) -> str:
    values = {
        "staff_number": "D5001",
        "display_name": "Casey Lee",
        "email": "",
        "rank": "PC",
        "role": "",
        "team_code": "N-RESP-A",
        "team_name": "North Response A",
        "team_kind": "response",
        "area_code": "N",
        "area_name": "North",
    }
    values[column] = value
    quoted = ['"' + v.replace('"', '""') + '"' for v in values.values()]
    return ",".join(values) + "\n" + ",".join(quoted) + "\n"


@pytest.mark.django_db
@pytest.mark.parametrize("value", FORMULAS + CONTROLS)
@pytest.mark.parametrize(
    "column", ["display_name", "role", "email", "team_name", "area_name"]
)
def test_names_a_spreadsheet_would_run_or_break_on_are_refused(column, value):
    report = people_import_run(data=_hr_row(column, value), dry_run=False)
    assert [(p.line, p.column) for p in report.problems] == [(2, column)], problems(
        report
    )
    assert any(
        word in report.problems[0].message for word in ("formula", "control character")
    )
    assert not Person.objects.exists()
    assert not Team.objects.exists()


@pytest.mark.django_db
def test_ordinary_names_with_hyphens_and_at_signs_inside_are_fine():
    text = _hr_row("display_name", "Mary-Jane O'Neil").replace(
        '""', '"ops@example.police.uk"', 1
    )
    report = people_import_run(data=text, dry_run=False)
    assert report.ok, problems(report)
    assert Person.objects.get().display_name == "Mary-Jane O'Neil"


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["=1+1", "@cmd", "\tnote", "two\nlines"])
def test_an_absence_note_that_is_a_formula_is_refused(officer, note):
    data = (
        "staff_number,kind,first_day,last_day,note\n"
        f'{officer.staff_number},AL,2026-12-01,2026-12-05,"{note}"\n'
    )
    report = absences_import_run(data=data, dry_run=False)
    assert [(p.line, p.column) for p in report.problems] == [(2, "note")]
    assert not Absence.objects.exists()
