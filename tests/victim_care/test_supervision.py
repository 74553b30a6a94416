"""A supervisor's ring-backs and dip samples: their teams only, stored, and in
the figures; ring-backs due on My teams."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.victim_care.models import BOXES, DipSample, RingBack
from crystal_learning.victim_care.selectors import figures_by_team
from tests.helpers import sign_in
from tests.people.factories import PersonFactory, make_team
from tests.victim_care.helpers import make_record

RING_BACK = "/reports/my-teams/ring-back/"
DIP_SAMPLE = "/reports/my-teams/dip-sample/"
MY_TEAMS = "/reports/my-teams/"


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def dated(day: date) -> dict:
    return {"day": day.day, "month": day.month, "year": day.year}


def ring_back_form(crime_ref: str, **more) -> dict:
    return {
        "crime_ref": crime_ref,
        **dated(timezone.localdate()),
        "victim_reached": "yes",
        **dict.fromkeys(BOXES, "Y"),
        **more,
    }


def dip_sample_form(crime_ref: str, **more) -> dict:
    return {
        "crime_ref": crime_ref,
        **dated(timezone.localdate()),
        **dict.fromkeys(BOXES, "right"),
        **more,
    }


@pytest.fixture
def crimes(sign_ins):
    """A crime of the sergeant's officer and one of an officer in another team."""
    elsewhere = make_team(name="South Response Team A", code="S-RESP-A")
    other = PersonFactory(team=elsewhere, display_name="PC Other Team")
    return {
        "own": make_record(
            sign_ins.officer, crime_ref="DU/26/1001", recorded_on=days_ago(9)
        ),
        "other": make_record(other, crime_ref="DU/26/2002", recorded_on=days_ago(9)),
        "sergeants": make_record(
            sign_ins.sergeant, crime_ref="DU/26/3003", recorded_on=days_ago(9)
        ),
    }


def test_a_supervisor_records_a_ring_back_for_their_teams_crime(client, crimes):
    sign_in(client, "sergeant")
    form = ring_back_form(" du/26/1001 ", vps_offered="N", note="Wants updates by text")
    response = client.post(RING_BACK, form, follow=True)
    assert response.status_code == 200
    assert "Ring-back recorded for PC Alex Morgan" in response.content.decode()
    ring_back = RingBack.objects.get()
    assert ring_back.record == crimes["own"]
    assert ring_back.supervisor.user.username == "sergeant"
    assert ring_back.victim_reached
    assert ring_back.vps_offered == "N"
    assert ring_back.leaflet_given == "Y"
    assert ring_back.note == "Wants updates by text"


def test_another_teams_crime_is_refused_and_nothing_is_stored(client, crimes):
    sign_in(client, "sergeant")
    response = client.post(RING_BACK, ring_back_form("DU/26/2002"))
    assert response.status_code == 403
    assert "This is not one of your teams&#x27; crimes" in response.content.decode()
    response = client.post(DIP_SAMPLE, dip_sample_form("DU/26/2002"))
    assert response.status_code == 403
    assert "not one of your teams" in response.content.decode()
    # An unknown reference gets the same answer: the form cannot test references.
    response = client.post(RING_BACK, ring_back_form("DU/99/9999"))
    assert response.status_code == 403
    assert "not one of your teams" in response.content.decode()
    assert not RingBack.objects.exists()
    assert not DipSample.objects.exists()


def test_a_supervisor_does_not_check_their_own_crime(client, crimes):
    sign_in(client, "sergeant")
    response = client.post(RING_BACK, ring_back_form("DU/26/3003"))
    assert response.status_code == 403
    assert "another supervisor checks it" in response.content.decode()
    assert not RingBack.objects.exists()


def test_an_officer_cannot_use_the_forms(client, crimes):
    sign_in(client, "officer")
    assert client.get(RING_BACK).status_code == 403
    assert client.post(RING_BACK, ring_back_form("DU/26/1001")).status_code == 403
    assert client.post(DIP_SAMPLE, dip_sample_form("DU/26/1001")).status_code == 403
    assert not RingBack.objects.exists()
    assert not DipSample.objects.exists()


def test_bad_input_is_explained_and_kept(client, crimes):
    sign_in(client, "sergeant")
    form = ring_back_form("DU/26/1001", day="31", month="2", note="kept")
    form.pop("victim_reached")
    response = client.post(RING_BACK, form)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "The date must be a real date" in page
    assert "Say whether you reached the victim" in page
    assert 'value="DU/26/1001"' in page
    assert ">kept</textarea>" in page
    future = ring_back_form("DU/26/1001", **dated(timezone.localdate() + timedelta(1)))
    response = client.post(RING_BACK, future)
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not RingBack.objects.exists()


def test_a_wrong_box_needs_a_note(client, crimes):
    sign_in(client, "sergeant")
    response = client.post(
        DIP_SAMPLE, dip_sample_form("DU/26/1001", vna_completed="wrong")
    )
    assert response.status_code == 400
    assert "Say what was wrong with this box" in response.content.decode()
    assert not DipSample.objects.exists()


def test_a_dip_sample_is_stored_and_a_wrong_box_counts_against_the_record(
    client, crimes
):
    team = crimes["own"].team_id
    month = crimes["own"].recorded_on
    before = figures_by_team(month)[team]
    sign_in(client, "sergeant")
    form = dip_sample_form(
        "DU/26/1001",
        vna_completed="wrong",
        vna_completed_note="No needs assessment on the log",
    )
    response = client.post(DIP_SAMPLE, form, follow=True)
    assert "Dip sample recorded for PC Alex Morgan" in response.content.decode()
    sample = DipSample.objects.get()
    assert sample.record == crimes["own"]
    assert sample.vna_completed == "wrong"
    assert sample.vna_completed_note == "No needs assessment on the log"
    figures = figures_by_team(month)[team]
    assert figures.boxes["vna_completed"] == before.boxes["vna_completed"] - 1
    assert figures.compliant == before.compliant - 1


def test_a_victim_saying_not_done_flags_a_box_logged_yes(client, crimes):
    team = crimes["own"].team_id
    month = crimes["own"].recorded_on
    before = figures_by_team(month)[team]
    sign_in(client, "sergeant")
    client.post(RING_BACK, ring_back_form("DU/26/1001", leaflet_given="N"))
    figures = figures_by_team(month)[team]
    assert figures.boxes["leaflet_given"] == before.boxes["leaflet_given"] - 1
    assert figures.compliant == before.compliant - 1


def test_a_victim_not_reached_changes_nothing(client, crimes):
    team = crimes["own"].team_id
    month = crimes["own"].recorded_on
    before = figures_by_team(month)[team].compliant
    sign_in(client, "sergeant")
    form = ring_back_form("DU/26/1001", victim_reached="no", leaflet_given="N")
    client.post(RING_BACK, form)
    ring_back = RingBack.objects.get()
    assert not ring_back.victim_reached
    assert ring_back.leaflet_given == "unknown"
    assert figures_by_team(month)[team].compliant == before


def test_my_teams_lists_ring_backs_due_for_its_teams_only(client, crimes, sign_ins):
    make_record(sign_ins.officer, crime_ref="DU/26/1005", recorded_on=days_ago(3))
    sign_in(client, "sergeant")
    page = client.get(MY_TEAMS).content.decode()
    assert "Ring-backs due" in page
    assert "1 crime recorded 7 or more days ago has no ring-back." in page
    assert "PC Alex Morgan" in page
    assert "PC Other Team" not in page
    client.post(RING_BACK, ring_back_form("DU/26/1001"))
    page = client.get(MY_TEAMS).content.decode()
    assert "No ring-backs are due." in page
    assert "victim reached" in page


def test_the_forms_are_reached_from_my_teams(client, crimes):
    sign_in(client, "sergeant")
    page = client.get(MY_TEAMS).content.decode()
    assert RING_BACK in page and DIP_SAMPLE in page
    form = client.get(RING_BACK).content.decode()
    assert "Record a ring-back" in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert Person.objects.filter(user__username="sergeant").exists()


def test_a_date_out_of_range_gets_one_plain_message(client, crimes):
    sign_in(client, "sergeant")
    form = ring_back_form("DU/26/1001", day="40", month="13")
    page = client.post(RING_BACK, form).content.decode()
    assert page.count("The date must be a real date") == 2  # summary and field
    assert "Ensure this value" not in page
    assert not RingBack.objects.exists()
