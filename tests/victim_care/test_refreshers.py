"""The targeted refresher rule: who gets the refresher, why they are told, once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from crystal_learning.programmes.models import (
    Assignment,
    Nomination,
    Programme,
    Requirement,
)
from crystal_learning.programmes.services import assignments_sync
from crystal_learning.victim_care.models import BOXES, DipSample
from crystal_learning.victim_care.refreshers import (
    refreshers_assign,
    three_months_before,
)
from tests.helpers import sign_in
from tests.people.factories import PersonFactory
from tests.victim_care.helpers import make_record

REFRESHER = "Op Crystal: victim care refresher"
COMPLIANT = "Y,Y,Y,Y,NA,NA,NA"
NOT_COMPLIANT = "N,Y,Y,Y,NA,NA,NA"  # a "no" without a rationale


@pytest.fixture
def refresher(sign_ins):
    programme = Programme(
        name=REFRESHER,
        start_date=timezone.localdate() - timedelta(days=200),
        due_mode=Programme.DueMode.RELATIVE,
        due_within_weeks=4,
    )
    programme.requirements = [
        Requirement(kind=Requirement.Kind.BRIEFING, title="Victim care refresher")
    ]
    programme.save()
    return programme


def records(person, *, compliant: int, not_compliant: int, days_ago: int = 10):
    day = timezone.localdate() - timedelta(days=days_ago)
    made = []
    for number in range(compliant + not_compliant):
        made.append(
            make_record(
                person,
                crime_ref=f"DU/{person.pk}/{days_ago}/{number}",
                recorded_on=day,
                boxes=COMPLIANT if number < compliant else NOT_COMPLIANT,
            )
        )
    return made


def assigned(person, programme) -> bool:
    return (
        Assignment.objects.current().filter(programme=programme, person=person).exists()
    )


def test_below_the_threshold_with_five_records_assigns_and_says_why(
    client, refresher, sign_ins
):
    officer = sign_ins.officer
    records(officer, compliant=3, not_compliant=2)  # 60%
    report = refreshers_assign()
    assert report.assigned == [officer.staff_number]
    assert assigned(officer, refresher)
    why = Nomination.objects.get(person=officer).reason
    assert "60% compliant" in why and "3 of 5 records" in why
    to_officer = [m for m in mail.outbox if m.to == ["officer@example.police.uk"]]
    to_sergeant = [m for m in mail.outbox if m.to == ["sergeant@example.police.uk"]]
    assert len(to_officer) == 1 and len(to_sergeant) == 1
    assert why in to_officer[0].body and REFRESHER in to_officer[0].subject
    assert why in to_sergeant[0].body and "PC Alex Morgan" in to_sergeant[0].body
    sign_in(client, "officer")
    page = client.get("/my-training/").content.decode()
    assert (
        REFRESHER in page and "Why you have this:" in page and "60% compliant" in page
    )
    client.logout()
    sign_in(client, "sergeant")
    page = client.get("/reports/my-teams/").content.decode()
    assert "Refreshers assigned" in page and "60% compliant" in page


def test_at_the_threshold_or_with_fewer_than_five_records_nobody_is_assigned(
    refresher, sign_ins
):
    records(sign_ins.officer, compliant=4, not_compliant=1)  # 80%: the standard
    other = PersonFactory(team=sign_ins.response, display_name="PC Few Records")
    records(other, compliant=0, not_compliant=4)  # 0%, but only 4 records
    assert refreshers_assign().assigned == []
    assert not Assignment.objects.filter(programme=refresher).exists()
    assert mail.outbox == []


def test_records_older_than_three_months_do_not_count(refresher, sign_ins):
    records(sign_ins.officer, compliant=0, not_compliant=5, days_ago=100)
    assert refreshers_assign().assigned == []


@override_settings(CRYSTAL_REFRESHER_THRESHOLD=50, CRYSTAL_REFRESHER_MIN_RECORDS=2)
def test_the_threshold_and_least_records_are_settings(refresher, sign_ins):
    records(sign_ins.officer, compliant=1, not_compliant=2)  # 33%
    assert refreshers_assign().assigned == [sign_ins.officer.staff_number]


def test_the_same_box_found_wrong_twice_assigns(refresher, sign_ins):
    officer = sign_ins.officer
    first, second = records(officer, compliant=2, not_compliant=0)
    for number, record in enumerate([first, second]):
        judged = dict.fromkeys(BOXES, "right")
        judged["vna_completed"] = "wrong"
        if number:  # a box found wrong once is not "the same box twice"
            judged["leaflet_given"] = "wrong"
        DipSample.objects.create(
            record=record,
            supervisor=sign_ins.sergeant,
            sampled_on=timezone.localdate() - timedelta(days=number),
            vna_completed_note="No needs assessment",
            **judged,
        )
    assert refreshers_assign().assigned == [officer.staff_number]
    why = Nomination.objects.get(person=officer).reason
    assert "Victim needs assessment" in why
    assert "leaflet" not in why


def test_running_it_again_assigns_nothing_and_says_nothing(refresher, sign_ins):
    records(sign_ins.officer, compliant=0, not_compliant=5)
    assert len(refreshers_assign().assigned) == 1
    sent = len(mail.outbox)
    again = refreshers_assign()
    assert again.assigned == [] and again.already == 1
    assert len(mail.outbox) == sent
    assert Nomination.objects.count() == 1
    assert Assignment.objects.filter(programme=refresher).count() == 1


def test_the_assignment_stays_when_audiences_are_synced(refresher, sign_ins):
    records(sign_ins.officer, compliant=0, not_compliant=5)
    refreshers_assign()
    report = assignments_sync()
    assert sign_ins.officer.pk not in report.unassigned
    assert assigned(sign_ins.officer, refresher)


def test_the_command_runs_the_rule_and_a_dry_run_assigns_nobody(
    refresher, sign_ins, capsys
):
    records(sign_ins.officer, compliant=0, not_compliant=5)
    call_command("crystal_assign_refreshers", "--dry-run")
    assert "would assign 1" in capsys.readouterr().out
    assert not Nomination.objects.exists() and mail.outbox == []
    call_command("crystal_assign_refreshers")
    assert "assigned 1" in capsys.readouterr().out
    call_command("crystal_assign_refreshers")
    assert "assigned 0, already assigned 1" in capsys.readouterr().out


def test_without_the_programme_the_command_says_so(sign_ins):
    with pytest.raises(CommandError, match="No active programme named"):
        call_command("crystal_assign_refreshers")


def test_the_rule_is_a_scheduled_job(db):
    from django_q.models import Schedule

    call_command("crystal_setup_schedules")
    schedule = Schedule.objects.get(name__contains="victim care refreshers")
    assert schedule.func == "crystal_learning.victim_care.tasks.assign_refreshers"


@pytest.mark.parametrize(
    ("day", "before"),
    [
        (date(2026, 12, 1), date(2026, 9, 1)),
        (date(2026, 5, 31), date(2026, 2, 28)),
        (date(2026, 2, 15), date(2025, 11, 15)),
    ],
)
def test_three_months_before(day, before):
    assert three_months_before(day) == before
