from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from crystal_learning.people.models import ShiftPattern
from crystal_learning.people.services import shift_pattern_upsert

ANCHOR = date(2024, 1, 1)


@pytest.mark.django_db
def test_response_pattern_repeats_every_ten_days_from_its_anchor():
    pattern = shift_pattern_upsert(
        name="Response", codes="E,E,L,L,N,N,R,R,R,R", anchor_date=ANCHOR
    )
    days = [pattern.code_on(ANCHOR + timedelta(days=n)) for n in range(12)]
    assert days == ["E", "E", "L", "L", "N", "N", "R", "R", "R", "R", "E", "E"]
    assert pattern.code_on(ANCHOR - timedelta(days=1)) == "R"


@pytest.mark.django_db
def test_a_team_offset_by_two_days_starts_its_earlies_two_days_later():
    pattern = shift_pattern_upsert(
        name="Response", codes="E,E,L,L,N,N,R,R,R,R", anchor_date=ANCHOR
    )
    assert pattern.code_on(ANCHOR, offset=2) == "R"
    assert pattern.code_on(ANCHOR + timedelta(days=2), offset=2) == "E"
    assert pattern.code_on(ANCHOR + timedelta(days=4), offset=2) == "L"


@pytest.mark.django_db
def test_weekday_pattern_follows_the_calendar():
    pattern = shift_pattern_upsert(
        name="Weekdays", codes="d, d, d, d, d, r, r", kind=ShiftPattern.Kind.WEEKDAY
    )
    assert pattern.codes == "D,D,D,D,D,R,R"
    assert pattern.code_on(date(2026, 11, 27)) == "D"  # a Friday
    assert pattern.code_on(date(2026, 11, 28)) == "R"  # a Saturday


@pytest.mark.django_db
def test_unknown_duty_code_is_refused_naming_the_field_and_nothing_is_saved():
    with pytest.raises(ValidationError) as error:
        shift_pattern_upsert(name="Odd", codes="E,E,X,L", anchor_date=ANCHOR)
    assert "codes" in error.value.message_dict
    assert "Unknown duty code X" in error.value.message_dict["codes"][0]
    assert not ShiftPattern.objects.filter(name="Odd").exists()


@pytest.mark.django_db
def test_weekly_pattern_needs_seven_codes():
    with pytest.raises(ValidationError) as error:
        shift_pattern_upsert(
            name="Short week", codes="D,D,D", kind=ShiftPattern.Kind.WEEKDAY
        )
    assert "seven codes" in error.value.message_dict["codes"][0]
