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
    assert list(inspector.supervises.values_list("code", flat=True)) == ["N"]
    assert not Person.objects.get(staff_number="D2008").active


def test_every_column_is_documented():
    reference = (DOCS / "hr-import.md").read_text()
    for column in ALL_COLUMNS:
        assert f"`{column}`" in reference, column
