"""A stored content version reads the same in the database (ordering My teams)
as in Python (`version_number`, every requirement's state)."""

from __future__ import annotations

import pytest

from crystal_learning.xapi.models import Progress
from crystal_learning.xapi.projection import version_number
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

STORED = [
    "",
    "0",
    "1",
    "2",
    "10",
    " 2 ",
    "3\t",
    "\n4",
    "007",
    "x",
    "2.0",
    "-1",
    "123456789",
    "1234567890",
    "٣",
    "2 3",
]


def test_version_at_least_agrees_with_version_number():
    person = PersonFactory()
    for index, value in enumerate(STORED):
        Progress.objects.create(
            person=person, activity_id=f"urn:test:{index}", content_version=value
        )
    for wanted in (0, 1, 2, 3, 10, 123456789):
        in_database = set(
            Progress.objects.version_at_least(wanted).values_list(
                "content_version", flat=True
            )
        )
        in_python = {value for value in STORED if version_number(value) >= wanted}
        assert in_database == in_python, wanted
