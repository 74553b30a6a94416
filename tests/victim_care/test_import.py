"""Importing the victim care extract: the command, refusals, re-imports, hashes."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from crystal_learning.victim_care.crime_refs import crime_ref_hash
from crystal_learning.victim_care.importing import check_extract
from crystal_learning.victim_care.models import VictimCareImport, VictimCareRecord
from tests.victim_care.helpers import HEADER, extract, line

TODAY = date(2026, 4, 1)


def problems(text: str) -> list[str]:
    return [str(p) for p in check_extract(text, today=TODAY).problems]


def test_command_imports_records_under_the_officer_and_their_team(
    officer, tmp_path, capsys
):
    path = tmp_path / "extract.csv"
    path.write_text(
        extract(
            line("DU/26/1001", staff_number=officer.staff_number),
            line(
                "DU/26/1002",
                staff_number=officer.staff_number,
                boxes="N,Y,Y,Y,Y,NA,Y",
                rationale="Domestic abuse: sending it could put the victim at risk",
                status="closed",
            ),
        )
    )
    call_command("crystal_import_victim_care", str(path))
    assert "Imported 2 row(s): 2 new, 0 replaced." in capsys.readouterr().out
    record = VictimCareRecord.objects.get(crime_ref_hash=crime_ref_hash("DU/26/1002"))
    assert record.person == officer and record.team == officer.team
    assert record.leaflet_given == "N" and record.case_status == "closed"
    assert record.recorded_on == date(2026, 3, 2)
    assert VictimCareImport.objects.get().status == "applied"


def test_dry_run_writes_nothing(officer, tmp_path, capsys):
    path = tmp_path / "extract.csv"
    path.write_text(extract(line(staff_number=officer.staff_number)))
    call_command("crystal_import_victim_care", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Would import 1 row(s): 1 new, 0 replaced." in out
    assert "Dry run: nothing was written." in out
    assert not VictimCareRecord.objects.exists()
    assert not VictimCareImport.objects.exists()


def test_a_reimport_replaces_the_record_of_the_same_crime(officer, tmp_path, capsys):
    path = tmp_path / "extract.csv"
    path.write_text(extract(line("du/26/1001 ", staff_number=officer.staff_number)))
    call_command("crystal_import_victim_care", str(path))
    path.write_text(
        extract(
            line(
                "DU/26/1001",
                staff_number=officer.staff_number,
                boxes="Y,Y,Y,Y,Y,Y,Y",
                status="closed",
            )
        )
    )
    call_command("crystal_import_victim_care", str(path))
    assert "1 row(s): 0 new, 1 replaced." in capsys.readouterr().out
    record = VictimCareRecord.objects.get()
    assert record.case_status == "closed" and record.vps_offered == "Y"


def test_only_a_keyed_hash_of_the_crime_reference_is_stored(officer, tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text(extract(line("DU/26/7777", staff_number=officer.staff_number)))
    call_command("crystal_import_victim_care", str(path))
    record = VictimCareRecord.objects.get()
    assert record.crime_ref_hash == crime_ref_hash("DU/26/7777")
    assert len(record.crime_ref_hash) == 64
    tables = [
        VictimCareRecord._meta.db_table,
        VictimCareImport._meta.db_table,
        "wagtailcore_modellogentry",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            dump = repr(cursor.fetchall())
            assert "7777" not in dump, table


def test_the_hash_depends_on_the_key(settings):
    settings.CRYSTAL_CRIME_REF_KEY = "one long random key"
    one = crime_ref_hash("DU/26/1")
    settings.CRYSTAL_CRIME_REF_KEY = "another long random key"
    assert crime_ref_hash("DU/26/1") != one


@pytest.mark.parametrize(
    "column",
    [
        "victim_name",
        "Surname",
        "forename",
        "address",
        "postcode",
        "dob",
        "date_of_birth",
        "phone",
        "email",
        "victim_age",
    ],
)
def test_a_column_that_looks_like_victim_details_refuses_the_file(officer, column):
    text = extract(
        line(staff_number=officer.staff_number) + ",x", header=f"{HEADER},{column}"
    )
    found = problems(text)
    assert found == [
        f"Line 1, column {column}: This column looks like a victim's details. Victim "
        "details are never imported: remove the column and upload the file again."
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"boxes": "Y,Y,maybe,Y,NA,NA,NA"},
            "Line 3, column vna_completed: 'maybe' is not an answer; use Y, N or NA.",
        ),
        (
            {"recorded_on": "02/03/2026"},
            "Line 3, column recorded_on: '02/03/2026' is not a date; use YYYY-MM-DD, "
            "e.g. 2026-03-31.",
        ),
        (
            {"recorded_on": "2026-05-01"},
            "Line 3, column recorded_on: The date is in the future.",
        ),
        (
            {"status": "pending"},
            "Line 3, column case_status: 'pending' is not a case status; use open "
            "or closed.",
        ),
        (
            {"staff_number": "X9999"},
            "Line 3, column staff_number: Nobody has the staff number 'X9999'.",
        ),
        ({"crime_ref": ""}, "Line 3, column crime_ref: This column is required."),
        (
            {"boxes": "Y,N,Y,Y,NA,N,NA"},
            "Line 3, column rationale: A rationale is required when a box is N "
            "(contact_details_left, right_to_review_given).",
        ),
        (
            {"rationale": "=HYPERLINK(1)", "boxes": "N,Y,Y,Y,NA,NA,NA"},
            "Line 3, column rationale: '=HYPERLINK(1)' starts with =, which "
            "spreadsheets read as a formula; remove the =.",
        ),
    ],
)
def test_bad_values_are_refused_with_line_and_column(officer, row, expected):
    good = line("DU/26/1", staff_number=officer.staff_number)
    bad = line(**{"crime_ref": "DU/26/2", "staff_number": officer.staff_number, **row})
    assert problems(extract(good, bad)) == [expected]


def test_the_same_crime_twice_in_a_file_is_refused(officer):
    text = extract(
        line("DU/26/5", staff_number=officer.staff_number),
        line("du/26/5", staff_number=officer.staff_number),
    )
    assert problems(text) == [
        "Line 3, column crime_ref: The same crime reference is on line 2."
    ]


def test_missing_and_unknown_columns_are_named(officer):
    header = HEADER.replace(",case_status", ",status")
    found = problems(extract(line(staff_number=officer.staff_number), header=header))
    assert (
        "Line 1, column case_status: This column is missing; line 1 must name it."
        in found
    )
    assert any(p.startswith("Line 1, column status: Unknown column.") for p in found)


def test_all_or_nothing_one_bad_row_writes_nothing(officer, tmp_path, capsys):
    path = tmp_path / "extract.csv"
    path.write_text(
        extract(
            line("DU/26/1", staff_number=officer.staff_number),
            line("DU/26/2", staff_number=officer.staff_number, boxes="Y,Y,Y,Y,NA,NA,X"),
            line("DU/26/3", staff_number=officer.staff_number),
        )
    )
    with pytest.raises(CommandError, match="1 problem"):
        call_command("crystal_import_victim_care", str(path))
    assert "Line 3, column compensation_discussed" in capsys.readouterr().err
    assert not VictimCareRecord.objects.exists()


def test_a_file_that_is_not_text_is_refused(officer):
    found = [str(p) for p in check_extract(b"PK\x03\x04binary", today=TODAY).problems]
    assert len(found) == 1 and "spreadsheet workbook, not CSV" in found[0]
