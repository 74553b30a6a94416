"""A staff number held with a line break or quotes (from an HR file of before
the importer refused them) still gets its subject access export."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User

from tests.people.factories import PersonFactory

URL = "/admin/personal-data/"


@pytest.fixture
def dpo(db):
    return User.objects.create_superuser("dpo", "dpo@example.org", "password")


@pytest.mark.parametrize(
    "number",
    ['AB"12\r\n3', "S1\r\nX", "S2\n", 'Q"1";x', "=1+1", "  S3  "],
    ids=repr,
)
def test_the_export_works_for_a_staff_number_with_breaks_or_quotes(client, dpo, number):
    person = PersonFactory(staff_number=number, display_name="Held Oddly")
    client.force_login(dpo)
    response = client.get(URL, {"staff_number": number})
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="personal-data-')
    assert disposition.count('"') == 2 and "\r" not in disposition
    assert "\n" not in disposition
    data = json.loads(response.content)
    assert data["person"]["staff_number"] == number
    assert data["person"]["id"] == person.pk


def test_the_number_typed_without_its_line_break_finds_the_person(client, dpo):
    PersonFactory(staff_number="S2\n", display_name="Held Oddly")
    client.force_login(dpo)
    response = client.get(URL, {"staff_number": " S2 "})
    assert response.status_code == 200
    assert json.loads(response.content)["person"]["staff_number"] == "S2\n"
