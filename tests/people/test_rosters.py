"""Rosters (issue 19): a person's own shift pattern from a date (the one rule,
`duty.duty_code_on`), absence types, and the duty-roster import with its dry
run and its problems by line and column."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crystal_learning.people.duty import duty_code_on
from crystal_learning.people.models import Absence, Person, ShiftPattern
from crystal_learning.people.roster_import import roster_import_run
from crystal_learning.people.selectors import people_on_duty, person_duty_code
from tests.people.factories import PersonFactory, ShiftPatternFactory, make_team

MONDAY = date(2024, 1, 1)  # the team pattern's anchor: E E L L N N R R R R


@pytest.fixture
def team(db):
    return make_team(name="Response A", pattern=ShiftPatternFactory(anchor_date=MONDAY))


def test_an_own_pattern_replaces_the_team_pattern_from_its_first_day(team):
    person = PersonFactory(team=team)
    assert duty_code_on(person, date(2024, 1, 11)) == "E"
    person.shift_pattern = ShiftPattern.objects.create(
        name="Days", kind="weekday", codes="D,D,D,D,D,R,R"
    )
    person.shift_pattern_from = date(2024, 1, 10)  # a Wednesday
    person.save()
    assert duty_code_on(person, date(2024, 1, 3)) == "L"  # the team's, before
    assert duty_code_on(person, date(2024, 1, 10)) == "D"  # Wednesday
    assert duty_code_on(person, date(2024, 1, 13)) == "R"  # Saturday
    assert duty_code_on(person, date(2024, 1, 15)) == "D"  # Monday
    assert person_duty_code(person=person, on=date(2024, 1, 15)) == "D"


def test_restricted_duties_is_at_work_other_absences_are_not(team):
    court, restricted, free = PersonFactory.create_batch(3, team=team)
    Absence.objects.create(
        person=court, kind=Absence.Kind.COURT, starts_on=MONDAY, ends_on=MONDAY
    )
    Absence.objects.create(
        person=restricted,
        kind=Absence.Kind.RESTRICTED,
        starts_on=MONDAY,
        ends_on=MONDAY,
    )
    people = list(Person.objects.filter(team=team).select_related("team"))
    assert people_on_duty(people=people, on=MONDAY) == {restricted.pk, free.pk}
    assert person_duty_code(person=court, on=MONDAY) == "CT"
    nights = date(2024, 1, 5)
    assert people_on_duty(people=people, on=nights) == set()


ROSTER = (
    "staff_number,shift_pattern,from,shift_codes\n"
    "{a},Days,2024-02-05,\n"
    '{b},Four on four off,2024-02-01,"E,E,L,L,R,R,R,R"\n'
)


def test_the_roster_import_dry_run_changes_nothing_then_applies(team, tmp_path):
    ShiftPattern.objects.create(name="Days", kind="weekday", codes="D,D,D,D,D,R,R")
    a, b = PersonFactory.create_batch(2, team=team)
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER.format(a=a.staff_number, b=b.staff_number.lower()))
    out = []
    call_command("crystal_import_roster", str(path), "--dry-run", stdout=_Out(out))
    assert "Would import 2 roster row(s): 2 own pattern(s) set" in "".join(out)
    assert not Person.objects.filter(shift_pattern__isnull=False).exists()
    assert not ShiftPattern.objects.filter(name="Four on four off").exists()
    call_command("crystal_import_roster", str(path), stdout=_Out(out))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.shift_pattern.name == "Days" and a.shift_pattern_from == date(2024, 2, 5)
    assert b.shift_pattern.codes == "E,E,L,L,R,R,R,R"
    assert duty_code_on(b, date(2024, 2, 3)) == "L"
    again = roster_import_run(data=path.read_bytes(), dry_run=True)
    assert again.counts["unchanged"] == 2
    back = roster_import_run(
        data=f"staff_number,shift_pattern,from\n{a.staff_number},,\n", dry_run=False
    )
    assert back.ok and back.counts["cleared"] == 1
    a.refresh_from_db()
    assert a.shift_pattern is None and a.shift_pattern_from is None


def test_roster_problems_name_the_line_and_column_and_write_nothing(team, tmp_path):
    a = PersonFactory(team=team)
    data = (
        "staff_number,shift_pattern,from,shift_codes\n"
        f"{a.staff_number},Nowhere,2024-02-05,\n"
        "X999,,,\n"
        f'{a.staff_number},Mine,05/02/2024,"E,Q"\n'
    )
    report = roster_import_run(data=data, dry_run=False)
    problems = [str(p) for p in report.problems]
    assert (
        "Line 2, column shift_pattern: Unknown shift pattern 'Nowhere'. Add "
        "shift_codes to define it." in problems
    )
    assert "Line 3, column staff_number: Unknown staff number 'X999'." in problems
    assert any(
        p.startswith("Line 4, column from: '05/02/2024' is not a date")
        for p in problems
    )
    assert any(
        p.startswith("Line 4, column shift_codes: Unknown duty code Q")
        for p in problems
    )
    assert any(
        p.startswith("Line 4, column staff_number: Staff number") for p in problems
    )
    assert not Person.objects.filter(shift_pattern__isnull=False).exists()
    assert not ShiftPattern.objects.filter(name="Mine").exists()
    # Too long for the pattern's fields: refused on its line, not a crash.
    long_rows = (
        "staff_number,shift_pattern,from,shift_codes\n"
        f"{a.staff_number},{'P' * 81},2024-02-05,E\n"
        f'{a.staff_number},Long,2024-02-05,"{",".join(["E"] * 201)}"\n'
    )
    long_problems = [
        str(p) for p in roster_import_run(data=long_rows, dry_run=False).problems
    ]
    assert (
        "Line 2, column shift_pattern: A pattern's name is at most 80 characters."
        in long_problems
    )
    assert (
        "Line 3, column shift_codes: A pattern is at most 400 characters."
        in long_problems
    )
    path = tmp_path / "bad.csv"
    path.write_text(data)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("crystal_import_roster", str(path), stderr=_Out([]))


class _Out:
    def __init__(self, into: list) -> None:
        self.into = into

    def write(self, text: str) -> None:
        self.into.append(text)

    def flush(self) -> None:
        pass
