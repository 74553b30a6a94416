"""Programmes: assignment by audience, My training, completion and certificates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from crystal_learning.people.hr_import import people_import_run
from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import (
    Assignment,
    AssignmentEvent,
    Certificate,
    Programme,
)
from crystal_learning.programmes.services import assignments_sync
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.pipeline import statements_record
from crystal_learning.xapi.vocabulary import Verb
from modules.models import VideoModulePage
from quizzes.models import QuizPage
from tests.helpers import sign_in
from tests.programmes.helpers import CORE, ROADS, complete_everything, person

HEADER = "staff_number,display_name,rank,team_code,active\n"


def current(p: Person) -> set[str]:
    return set(
        Assignment.objects.filter(person=p, ended_on__isnull=True).values_list(
            "programme__name", flat=True
        )
    )


def test_the_demo_assigns_by_team_kind_and_rank(demo_site):
    officer, sergeant = person("officer"), person("sergeant")
    assert current(officer) == {CORE}
    assert current(sergeant) == {CORE}
    roads = Person.objects.filter(team__kind=Team.Kind.ROADS_POLICING, active=True)
    assert roads.exists()
    assert all(current(p) == {CORE, ROADS} for p in roads)
    staff = Person.objects.filter(team__kind=Team.Kind.STAFF).first()
    assert current(staff) == set()
    core = Programme.objects.get(name=CORE)
    assignment = Assignment.objects.get(programme=core, person=officer)
    assert assignment.due_on == assignment.assigned_on + timedelta(weeks=8)
    assert assignment.events.get().kind == AssignmentEvent.Kind.ASSIGNED
    # Idempotent: syncing again changes nothing.
    report = assignments_sync()
    assert report.assigned == report.unassigned == []


def test_my_training_lists_requirements_with_status_and_where_to_continue(
    client, force
):
    sign_in(client, "officer")
    html = client.get("/my-training/").text
    assert CORE in html
    assert "0 of 6 done (0%)" in html  # three videos, three quizzes
    assert "Op Crystal supervisor briefing" not in html  # sergeants only
    first = VideoModulePage.objects.get(slug="why-op-crystal")
    assert f'href="{first.url}" data-testid="continue"' in html
    client.logout()
    sign_in(client, "sergeant")
    html = client.get("/my-training/").text
    assert "0 of 7 done" in html and "Op Crystal supervisor briefing" in html


def test_my_training_flags_overdue(client, force):
    assignment = Assignment.objects.get(person=person("officer"))
    with freeze_time(assignment.due_on + timedelta(days=1)):
        sign_in(client, "officer")
        html = client.get("/my-training/").text
    assert "Overdue" in html
    with freeze_time(assignment.due_on):
        sign_in(client, "officer")
        assert "Overdue" not in client.get("/my-training/").text


def test_completing_every_requirement_completes_the_programme_once(client, force):
    officer = person("officer")
    complete_everything(officer)
    assignment = Assignment.objects.get(person=officer)
    assert assignment.completed_at is not None
    certificate = Certificate.objects.get(person=officer)
    assert len(certificate.versions) == 6
    completed = Statement.objects.filter(
        verb_id=Verb.COMPLETED,
        activity_id=Programme.objects.get(name=CORE).activity_id,
    )
    assert completed.count() == 1
    complete_everything(officer)  # replayed statements change nothing
    assert completed.count() == 1 and Certificate.objects.count() == 1

    sign_in(client, "officer")
    html = client.get("/my-training/").text
    assert "Complete" in html and "6 of 6 done (100%)" in html
    page = client.get(f"/my-training/certificates/{certificate.uuid}/")
    assert page.status_code == 200
    assert officer.display_name in page.text and CORE in page.text
    pdf = client.get(f"/my-training/certificates/{certificate.uuid}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_certificate_is_visible_to_the_person_and_their_supervisor_only(
    client, demo_site
):
    officer = person("officer")
    complete_everything(officer)
    certificate = Certificate.objects.get(person=officer)
    url = f"/my-training/certificates/{certificate.uuid}/"
    sign_in(client, "sergeant")  # supervises the officer's team
    assert client.get(url).status_code == 200
    client.logout()
    other = Person.objects.filter(team__kind=Team.Kind.ROADS_POLICING).first()
    other.user.set_password("crystal-demo")
    other.user.save()
    sign_in(client, other.user.username)
    assert client.get(url).status_code == 404
    assert client.get(url + "pdf/").status_code == 404


def csv_row(p: Person, *, team: str | None = None, rank: str | None = None) -> str:
    return (
        f"{p.staff_number},{p.display_name},{rank or p.rank},"
        f"{team or p.team.code},yes\n"
    )


def test_hr_import_moves_people_between_audiences_and_keeps_their_learning(
    demo_site,
):
    officer = person("officer")
    complete_everything(
        officer, modules=["closing-a-crime"], quizzes=["quiz-roads-policing"]
    )
    roads_team = Team.objects.filter(kind=Team.Kind.ROADS_POLICING).first()
    staff_team = Team.objects.filter(kind=Team.Kind.STAFF).first()

    # A dry run changes nothing.
    report = people_import_run(
        data=HEADER + csv_row(officer, team=roads_team.code), dry_run=True
    )
    assert not report.problems
    assert current(officer) == {CORE}

    later = timezone.localdate() + timedelta(days=10)
    with freeze_time(later):
        report = people_import_run(
            data=HEADER + csv_row(officer, team=roads_team.code), dry_run=False
        )
    assert not report.problems
    assert current(officer) == {CORE, ROADS}
    roads = Assignment.objects.get(person=officer, programme__name=ROADS)
    assert roads.assigned_on == later and roads.due_on == later + timedelta(weeks=8)
    # They had already done the roads policing requirements: complete at once.
    assert roads.completed_at is not None

    people_import_run(
        data=HEADER + csv_row(officer, team=staff_team.code), dry_run=False
    )
    assert current(officer) == set()
    ended = Assignment.objects.filter(person=officer, ended_on__isnull=False)
    assert ended.count() == 2
    assert all(
        a.events.filter(kind=AssignmentEvent.Kind.UNASSIGNED).exists() for a in ended
    )

    # Back to an operational team: assigned again, completions still count.
    people_import_run(
        data=HEADER + csv_row(officer, team=roads_team.code, rank="PS"), dry_run=False
    )
    assert current(officer) == {CORE, ROADS}
    core = Assignment.objects.get(
        person=officer, programme__name=CORE, ended_on__isnull=True
    )
    from crystal_learning.programmes.selectors import requirement_states

    officer.refresh_from_db()
    states = requirement_states(person=officer, programme=core.programme)
    assert len(states) == 7  # now a sergeant: the briefing applies
    assert sum(s.met for s in states) == 2


def test_a_leaver_is_unassigned_with_history_kept(force):
    officer = person("officer")
    everyone_else = Person.objects.filter(active=True).exclude(pk=officer.pk)
    data = HEADER + "".join(csv_row(p) for p in everyone_else.select_related("team"))
    report = people_import_run(data=data, dry_run=False, deactivate_missing=True)
    assert not report.problems
    assert current(officer) == set()
    assignment = Assignment.objects.get(person=officer)
    assert [e.kind for e in assignment.events.all()] == ["assigned", "unassigned"]


@pytest.mark.parametrize(
    ("mode", "weeks", "fixed", "joined", "due"),
    [
        ("relative", 8, None, date(2026, 3, 2), date(2026, 4, 27)),
        ("relative", 8, None, date(2025, 12, 1), date(2026, 3, 2) + timedelta(weeks=8)),
        ("fixed", None, date(2026, 6, 30), date(2026, 5, 1), date(2026, 6, 30)),
    ],
)
def test_due_dates(mode, weeks, fixed, joined, due):
    programme = Programme(
        name="x",
        start_date=date(2026, 3, 2),
        due_mode=mode,
        due_within_weeks=weeks,
        due_date=fixed,
    )
    assert programme.due_for(joined) == due


def test_quiz_requirement_needs_a_pass_not_an_attempt(force):
    officer = person("officer")
    quiz = QuizPage.objects.get(slug="quiz-why-op-crystal")
    statements_record(
        statements=[
            build.quiz_failed(
                staff_number=officer.staff_number,
                quiz=quiz.activity_ref(),
                registration="00000000-0000-4000-8000-000000000001",
                raw=2,
                maximum=10,
                pass_mark=0.8,
            )
        ]
    )
    from crystal_learning.programmes.selectors import requirement_states

    core = Programme.objects.get(name=CORE)
    states = {
        s.requirement.label: s
        for s in requirement_states(person=officer, programme=core)
    }
    assert not states[quiz.title].met
    assert states[quiz.title].label == "Not passed yet"
