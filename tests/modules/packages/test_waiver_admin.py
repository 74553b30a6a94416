"""A training manager waives a cmi5 unit for a person in the admin (cmi5 9.3.7)."""

from __future__ import annotations

import pytest

from crystal_learning.people.models import Person
from crystal_learning.xapi.models import Statement
from modules.packages.cmi5_rules import Cmi5Verb
from modules.packages.selectors import package_done
from tests.helpers import sign_in
from tests.modules.packages.au_helpers import cmi5_page

pytestmark = pytest.mark.django_db
URL = "/admin/packages/waive/"


def test_a_manager_waives_a_unit_and_the_course_is_done(client, op_crystal_tile):
    course = cmi5_page(op_crystal_tile, ("au1", "Passed", "0.8"), slug="waivable")
    officer = Person.objects.get(user__username="officer")
    sign_in(client, "manager")
    form = client.get(URL).text
    assert f'value="{course.pk}:0"' in form
    response = client.post(
        URL,
        {
            "unit": f"{course.pk}:0",
            "staff_number": officer.staff_number.lower(),
            "reason": "Tested Out",
        },
        follow=True,
    )
    assert "waived for" in response.text
    assert Statement.objects.filter(person=officer, verb_id=Cmi5Verb.WAIVED).exists()
    assert package_done(person=officer, page=course) is not None

    again = client.post(
        URL,
        {
            "unit": f"{course.pk}:0",
            "staff_number": officer.staff_number,
            "reason": "Administrative",
        },
    )
    assert again.status_code == 400
    assert "already waived" in again.text


def test_bad_input_is_a_clear_error_and_officers_cannot_waive(client, op_crystal_tile):
    course = cmi5_page(op_crystal_tile, ("au1", "Passed", "0.8"), slug="waivable")
    sign_in(client, "manager")
    bad = client.post(
        URL, {"unit": f"{course.pk}:7", "staff_number": "NOBODY", "reason": "x"}
    )
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.text
    assert "No active person has staff number NOBODY" in bad.text
    assert not Statement.objects.filter(verb_id=Cmi5Verb.WAIVED).exists()
    client.logout()
    sign_in(client, "officer")
    assert client.get(URL).status_code in (302, 403)
