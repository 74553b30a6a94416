"""The sample file in docs/ imports cleanly, so the column reference stays true."""

from pathlib import Path

import pytest

from crystal_learning.people.hr_import import ALL_COLUMNS, people_import_run
from crystal_learning.people.models import Person

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.django_db
def test_the_documented_sample_imports_cleanly():
    report = people_import_run(
        data=(DOCS / "sample-people.csv").read_bytes(), dry_run=False
    )
    assert report.ok, report.problems
    assert report.counts["new"] == 8
    inspector = Person.objects.get(staff_number="D2004")
    assert list(inspector.supervises.values_list("code", flat=True)) == ["AREA-N"]
    assert not Person.objects.get(staff_number="D2008").active


def test_every_column_is_documented():
    reference = (DOCS / "hr-import.md").read_text()
    for column in ALL_COLUMNS:
        assert f"`{column}`" in reference, column


# -- the sample against the demo force (issue 18.5) ----------------------------

OTHER_FORCE = (
    "staff_number,display_name,rank,team_code,team_name,team_kind,area_code,"
    "area_name,shift_pattern,shift_codes\n"
    "X1,Alex Morgan,PC,N-RESP-A,North Response Team A,response,N,North Area,"
    'Response 10-day,"E,E,L,L,N,N,R,R,R,R"\n'
)


def test_the_sample_fits_the_demo_force_and_moves_nothing(demo_site):
    from crystal_learning.people.models import Team

    before = dict(Team.objects.values_list("code", "path"))
    report = people_import_run(
        data=(DOCS / "sample-people.csv").read_bytes(), dry_run=True
    )
    assert report.ok, report.problems
    assert report.counts["new"] == 8 and report.counts["teams_created"] == 0
    assert report.changes == []  # no team renamed or moved, nobody changed
    people_import_run(data=(DOCS / "sample-people.csv").read_bytes(), dry_run=False)
    assert dict(Team.objects.values_list("code", "path")) == before
    assert Team.objects.filter(name="North Area").count() == 1


def test_another_forces_file_is_refused_with_the_codes_to_use(demo_site):
    report = people_import_run(data=OTHER_FORCE, dry_run=True)
    said = [str(problem) for problem in report.problems]
    assert any(
        "Area 'North Area' already exists with code AREA-N" in p for p in said
    ), said
    assert any("the same codes as the existing" in p for p in said), said


def test_the_preview_says_which_team_moves_and_who_changes(demo_site):
    moving = (
        "staff_number,display_name,rank,team_code,team_name,team_kind,area_code\n"
        "D2001,Alex Morgan,PC,N-RESP-A,North Response Team A,response,AREA-S\n"
    )
    report = people_import_run(data=moving, dry_run=True)
    assert report.ok, report.problems
    assert "Team N-RESP-A moves from AREA-N to AREA-S." in report.changes
    person = Person.objects.filter(team__code="N-RESP-B").first()
    update = (
        "staff_number,display_name,rank,team_code\n"
        f"{person.staff_number},{person.display_name},{person.get_rank_display()},"
        "N-RESP-C\n"
    )
    report = people_import_run(data=update, dry_run=True)
    assert report.ok, report.problems
    assert f"{person.staff_number}: team N-RESP-B to N-RESP-C." in report.changes
