"""The HR import carries a person's own shift pattern (issue 19.2): optional
columns own_shift_pattern and own_pattern_start, the same checks as the
duty-roster import, shown in the preview, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crystal_learning.people.duty import duty_code_on
from crystal_learning.people.hr_import import people_import_run
from crystal_learning.people.models import PeopleImport, Person, ShiftPattern
from tests.people.helpers import GOOD, snapshot

pytestmark = pytest.mark.django_db

HEADER = "staff_number,display_name,rank,team_code,own_shift_pattern,own_pattern_start"


def run(text: str, dry_run: bool = False):
    return people_import_run(data=text.encode(), dry_run=dry_run)


def own(staff_number: str) -> tuple:
    person = Person.objects.select_related("shift_pattern").get(
        staff_number=staff_number
    )
    name = person.shift_pattern.name if person.shift_pattern_id else None
    return name, person.shift_pattern_from


@pytest.fixture
def imported():
    assert run(GOOD).ok
    ShiftPattern.objects.create(name="Four on four off", codes="E,E,L,L,R,R,R,R")
    return Person.objects.get(staff_number="D1001")


def test_a_row_gives_a_person_their_own_pattern_from_a_date(imported):
    text = (
        f"{HEADER}\nD1001,Alex Morgan,PC,N-RESP-A,Four on four off,2027-01-04\n"
        "D1002,Jordan Reid,PS,N-RESP-A,,\n"
    )
    preview = run(text, dry_run=True)
    assert preview.ok, preview.problems
    assert preview.counts["updated"] == 1 and preview.counts["unchanged"] == 1
    assert (
        "D1001: own shift pattern the team's to 'Four on four off' from 2027-01-04."
        in preview.changes
    )
    assert own("D1001") == (None, None)  # a preview writes nothing
    assert run(text).ok
    assert own("D1001") == ("Four on four off", date(2027, 1, 4))
    alex = Person.objects.get(staff_number="D1001")
    assert duty_code_on(alex, date(2027, 1, 4)) == "E"  # the cycle's first code
    assert duty_code_on(alex, date(2027, 1, 8)) == "R"
    assert own("D1002") == (None, None)  # an empty cell changes nothing
    again = run(text)
    assert again.counts["unchanged"] == 2 and again.changes == []


def test_empty_cells_or_no_columns_leave_it_and_team_clears_it(imported):
    run(f"{HEADER}\nD1001,Alex Morgan,PC,N-RESP-A,Four on four off,2027-01-04\n")
    assert run(f"{HEADER}\nD1001,Alex Morgan,PC,N-RESP-A,,\n").counts["unchanged"]
    no_columns = (
        "staff_number,display_name,rank,team_code\nD1001,Alex Morgan,PC,N-RESP-A\n"
    )
    assert run(no_columns).counts["unchanged"] == 1
    assert own("D1001") == ("Four on four off", date(2027, 1, 4))
    back = run(f"{HEADER}\nD1001,Alex Morgan,PC,N-RESP-A,Team,\n")
    assert back.ok and back.counts["updated"] == 1
    assert (
        "D1001: own shift pattern 'Four on four off' from 2027-01-04 to the team's."
        in back.changes
    )
    assert own("D1001") == (None, None)


def test_a_new_person_and_a_pattern_the_file_defines(imported):
    text = (
        "staff_number,display_name,rank,team_code,team_name,team_kind,"
        "shift_pattern,shift_codes,own_shift_pattern,own_pattern_start\n"
        "D1009,Casey Lee,PC,N-RESP-Z,North Response Z,response,Nine days,"
        '"D,D,D,R,R,N,N,R,R",,\n'
        "D1010,Robin Shaw,PC,N-RESP-A,,,,,Nine days,2027-02-01\n"
    )
    report = run(text)
    assert report.ok, report.problems
    assert own("D1010") == ("Nine days", date(2027, 2, 1))
    assert own("D1009") == (None, None)


def test_problems_name_the_line_and_column_and_nothing_is_written(imported):
    before = snapshot()
    text = (
        f"{HEADER}\n"
        "D1001,Alex Morgan,PC,N-RESP-A,Nowhere,2027-01-04\n"
        "D1002,Jordan Reid,PS,N-RESP-A,Four on four off,04/01/2027\n"
        "D1003,Sam Patel,PCSO,N-NHOOD-1,Four on four off,\n"
        "D1004,Casey Lee,PC,N-RESP-A,,2027-01-04\n"
        "D1005,Robin Shaw,PC,N-RESP-A,=cmd,2027-01-04\n"
    )
    report = run(text)
    problems = [str(p) for p in report.problems]
    assert problems[0] == (
        "Line 2, column own_shift_pattern: Unknown shift pattern 'Nowhere'. Define "
        "it on a row of this file (shift_pattern and shift_codes) or in the admin."
    )
    assert problems[1] == (
        "Line 3, column own_pattern_start: '04/01/2027' is not a date; write it "
        "as YYYY-MM-DD."
    )
    assert problems[2] == (
        "Line 4, column own_pattern_start: Give the first day of the pattern "
        "(YYYY-MM-DD)."
    )
    assert problems[3] == (
        "Line 5, column own_pattern_start: Give the pattern that starts on this "
        "day (own_shift_pattern)."
    )
    assert problems[4].startswith("Line 6, column own_shift_pattern: '=cmd' starts")
    assert len(problems) == 5
    assert snapshot() == before
    assert not Person.objects.filter(shift_pattern__isnull=False).exists()


@pytest.mark.parametrize("start", ["20270104", "2027-W01-1", "2027-1-4"])
def test_only_the_written_day_spelling_is_taken(imported, start):
    report = run(f"{HEADER}\nD1001,Alex Morgan,PC,N-RESP-A,Four on four off,{start}\n")
    assert [str(p) for p in report.problems] == [
        f"Line 2, column own_pattern_start: '{start}' is not a date; write it as "
        "YYYY-MM-DD."
    ]
    assert own("D1001") == (None, None)


def test_a_first_day_years_ahead_is_taken_for_a_typo(imported):
    report = run(
        f"{HEADER}\nD1001,Alex Morgan,PC,N-RESP-A,Four on four off,2207-01-04\n"
    )
    assert [str(p) for p in report.problems] == [
        "Line 2, column own_pattern_start: '2207-01-04' is more than 5 years "
        "ahead; check the year."
    ]
    assert own("D1001") == (None, None)


def test_the_admin_preview_shows_the_change(client, imported, training_manager):
    client.force_login(training_manager.user)
    text = f"{HEADER}\nD1001,Alex Morgan,PC,N-RESP-A,Four on four off,2027-01-04\n"
    client.post(
        reverse("crystal_people_admin:upload"),
        {"file": SimpleUploadedFile("hr.csv", text.encode(), "text/csv")},
    )
    record = PeopleImport.objects.get()
    page = client.get(reverse("crystal_people_admin:preview", args=[record.pk]))
    assert (
        "D1001: own shift pattern the team&#x27;s to &#x27;Four on four off&#x27; "
        "from 2027-01-04." in page.content.decode()
    )
    client.post(reverse("crystal_people_admin:apply", args=[record.pk]))
    assert own("D1001") == ("Four on four off", date(2027, 1, 4))
