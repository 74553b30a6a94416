from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from crystal_learning.people.models import Absence
from crystal_learning.people.services import absence_create


def test_an_absence_that_ends_before_it_starts_is_refused_and_not_saved(officer):
    with pytest.raises(ValidationError) as error:
        absence_create(
            person=officer,
            kind=Absence.Kind.LEAVE,
            starts_on=date(2026, 5, 10),
            ends_on=date(2026, 5, 9),
        )
    assert "before the first day" in error.value.message_dict["ends_on"][0]
    assert Absence.objects.count() == 0


def test_the_database_refuses_a_backwards_range_too(officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Absence.objects.create(
            person=officer,
            kind=Absence.Kind.LEAVE,
            starts_on=date(2026, 5, 10),
            ends_on=date(2026, 5, 9),
        )
    assert Absence.objects.count() == 0
