"""HR import: keyed on staff number, all or nothing, problems by line and column."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from crystal_learning.people.hr_import import people_import_run
from crystal_learning.people.models import (
    PeopleImport,
    Person,
    PersonEvent,
    Team,
)
from crystal_learning.people.roles import LEARNER, SUPERVISOR
from tests.people.helpers import BAD_FILES, GOOD, snapshot

ALEX = GOOD.splitlines()[1]


def run(text: str, **kwargs):
    return people_import_run(
        data=text.encode(), dry_run=kwargs.pop("dry_run", False), **kwargs
    )


@pytest.mark.django_db
def test_a_file_creates_the_team_tree_patterns_and_people():
    report = run(GOOD)
    assert report.ok, report.problems
    assert report.counts["new"] == 3
    alex = Person.objects.get(staff_number="D1001")
    assert alex.team.code == "N-RESP-A"
    assert alex.team.get_parent().code == "N"
    assert alex.team.shift_pattern.code_list[:3] == ["E", "E", "L"]
    assert not alex.user.has_usable_password()
    assert list(alex.user.groups.values_list("name", flat=True)) == [LEARNER]
    jordan = Person.objects.get(staff_number="D1002")
    assert jordan.rank == "PS"
    assert set(jordan.user.groups.values_list("name", flat=True)) == {
        LEARNER,
        SUPERVISOR,
    }
    assert list(jordan.supervises.values_list("code", flat=True)) == ["N-RESP-A"]
    assert Person.objects.get(staff_number="D1003").team.kind == Team.Kind.NEIGHBOURHOOD


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing():
    run(GOOD)
    before = snapshot()
    report = run(GOOD)
    assert report.counts == {
        "new": 0,
        "updated": 0,
        "unchanged": 3,
        "deactivated": 0,
        "teams_created": 0,
        "rows": 3,
    }
    assert snapshot() == before


@pytest.mark.django_db
def test_a_team_move_updates_the_person_and_keeps_their_history():
    run(GOOD)
    alex = Person.objects.get(staff_number="D1001")
    moved = GOOD.replace(
        ALEX,
        "D1001,Alex Morgan,alex@example.police.uk,PC,Neighbourhood officer,"
        "N-NHOOD-1,,,,,,,,,yes",
    )
    report = run(moved)
    assert report.ok, report.problems
    assert report.counts["updated"] == 1
    alex.refresh_from_db()
    assert alex.team.code == "N-NHOOD-1"
    assert alex.events.filter(
        kind=PersonEvent.Kind.TEAM_CHANGED, detail__new_team="N-NHOOD-1"
    ).exists()


@pytest.mark.django_db
def test_people_missing_from_the_file_stay_active_without_the_flag():
    run(GOOD)
    partial = "\n".join(GOOD.splitlines()[:3])
    run(partial)
    assert Person.objects.get(staff_number="D1003").active


@pytest.mark.django_db
def test_deactivate_missing_deactivates_leavers_and_deletes_nothing():
    run(GOOD)
    partial = "\n".join(GOOD.splitlines()[:3])
    report = run(partial, deactivate_missing=True)
    assert report.counts["deactivated"] == 1
    leaver = Person.objects.get(staff_number="D1003")
    assert not leaver.active and leaver.deactivated_on is not None
    assert not leaver.user.is_active
    assert leaver.events.filter(kind=PersonEvent.Kind.DEACTIVATED).exists()
    assert Person.objects.count() == 3
    # They come back when the next extract has them again.
    run(GOOD, deactivate_missing=True)
    leaver.refresh_from_db()
    assert leaver.active and leaver.user.is_active


@pytest.mark.django_db
def test_a_dry_run_reports_but_writes_nothing():
    before = snapshot()
    report = run(GOOD, dry_run=True)
    assert (
        report.ok and report.counts["new"] == 3 and report.counts["teams_created"] == 3
    )
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_name_line_and_column_and_write_nothing(case):
    text, expected = BAD_FILES[case]
    run(
        "staff_number,display_name,rank,team_code,team_name,team_kind\n"
        "D0001,Existing,PC,OLD,Old team,staff\n"
    )
    before = snapshot()
    report = run(text)
    assert not report.ok
    found = [(p.line, p.column, p.message) for p in report.problems]
    for line, column, fragment in expected:
        assert any(
            f_line == line and f_column == column and fragment in message
            for f_line, f_column, message in found
        ), found
    assert snapshot() == before


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused():
    report = people_import_run(
        data="staff_number,display_name,rank,team_code\nD1,Zoë,PC,X\n".encode(
            "latin-1"
        ),
        dry_run=False,
    )
    assert "not UTF-8" in str(report.problems[0])


@pytest.mark.django_db
def test_command_imports_and_reports_counts(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("crystal_import_people", str(path), stdout=out)
    assert "3 new" in out.getvalue()
    assert Person.objects.count() == 3
    assert PeopleImport.objects.get().status == PeopleImport.Status.APPLIED


@pytest.mark.django_db
def test_command_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("crystal_import_people", str(path), "--dry-run", stdout=out)
    assert "Would import 3 row(s)" in out.getvalue()
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_command_with_problems_fails_listing_each_and_writes_nothing(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(BAD_FILES["unknown team code"][0])
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("crystal_import_people", str(path), stderr=err)
    assert "Line 2, column team_code: Unknown team code 'NOPE'" in err.getvalue()
    assert Person.objects.count() == 0
    assert PeopleImport.objects.get().status == PeopleImport.Status.FAILED


@pytest.mark.django_db
def test_command_deactivate_missing_flag(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(GOOD)
    call_command("crystal_import_people", str(path), stdout=io.StringIO())
    path.write_text("\n".join(GOOD.splitlines()[:2]))
    call_command(
        "crystal_import_people", str(path), "--deactivate-missing", stdout=io.StringIO()
    )
    assert Person.objects.filter(active=True).count() == 1
