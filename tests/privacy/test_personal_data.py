"""Data protection: everything held about a person, erasure that keeps the
figures, and retention."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from crystal_learning.people.models import Absence, PeopleImport, Person
from crystal_learning.privacy.services import (
    ErasureRefused,
    person_erase,
    retention_apply,
)
from crystal_learning.programmes.models import Assignment, ReminderLog
from crystal_learning.reports.coverage import programme_coverage
from crystal_learning.scheduling.services import calendar_feed_create
from crystal_learning.xapi.models import Progress, Statement, StatementAgent
from crystal_learning.xapi.progress import progress_rebuild
from tests.programmes.helpers import core

URL = "/admin/personal-data/"


@pytest.fixture
def dpo(db):
    return User.objects.create_superuser("dpo", "dpo@example.org", "password")


def figures() -> dict:
    report = programme_coverage(programme=core())
    return {
        row.team.pk: (row.assigned, row.completed, row.in_progress, row.overdue)
        for row in report.teams
    } | {"force": (report.total.assigned, report.total.completed)}


def everything_said(person_id: int) -> str:
    from crystal_learning.privacy.selectors import subject_access

    return json.dumps(
        subject_access(person=Person.objects.get(pk=person_id)), default=str
    )


def test_the_export_holds_everything_including_the_statements(
    client,
    progress_made,
    dpo,
):
    officer = progress_made[0]
    Absence.objects.create(
        person=officer,
        kind="AL",
        starts_on=date(2026, 12, 1),
        ends_on=date(2026, 12, 3),
        note="Holiday",
    )
    client.force_login(dpo)
    response = client.get(URL, {"staff_number": officer.staff_number})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="personal-data-{officer.staff_number}-'
    )
    data = json.loads(response.content)
    assert data["person"]["staff_number"] == officer.staff_number
    assert data["person"]["display_name"] == officer.display_name
    assert data["person"]["team"]["code"] == officer.team.code
    assert data["account"]["username"] == officer.user.username
    assert "password" not in data["account"]
    assert data["absences"][0]["note"] == "Holiday"
    assert {a["programme"] for a in data["assignments"]} == {core().name}
    assert len(data["progress"]) == Progress.objects.filter(person=officer).count()
    held = Statement.objects.filter(person=officer)
    assert len(data["xapi_statements"]) == held.count() > 0
    assert {s["actor"]["account"]["name"] for s in data["xapi_statements"]} == {
        officer.staff_number
    }
    assert {s["id"] for s in data["xapi_statements"]} == {
        str(s.statement_id) for s in held
    }
    entry = ModelLogEntry.objects.get(action="crystal.subject_access")
    assert entry.user == dpo and entry.object_id == str(officer.pk)


def test_only_administrators_handle_personal_data(client, sign_ins):
    officer = Person.objects.get(user__username="officer")
    for username in ["manager", "editor"]:
        client.force_login(User.objects.get(username=username))
        # Wagtail answers a refusal by sending them to the dashboard.
        for response in [
            client.get(URL),
            client.get(URL, {"staff_number": officer.staff_number}),
            client.post(
                f"{URL}erase/", {"staff_number": officer.staff_number, "confirm": "on"}
            ),
        ]:
            assert (response.status_code, response.url) == (302, "/admin/")
    assert Person.objects.get(pk=officer.pk).display_name == officer.display_name
    assert not ModelLogEntry.objects.filter(action__startswith="crystal.").exists()


def test_an_unknown_staff_number_is_explained(client, dpo):
    client.force_login(dpo)
    response = client.get(URL, {"staff_number": "NOPE"})
    assert response.status_code == 400
    assert "No one has that staff number." in response.text


def test_erasure_keeps_every_figure_and_leaves_nothing_identifying(
    client,
    progress_made,
    dpo,
):
    officer = progress_made[0]
    old_number, old_name = officer.staff_number, officer.display_name
    old_username = officer.user.username
    calendar_feed_create(person=officer)
    # A course kept State documents: the officer's and a colleague's.
    from crystal_learning.xapi.agents import agent_key, person_agent
    from crystal_learning.xapi.documents.models import XapiDocument
    from crystal_learning.xapi.documents.services import (
        Address,
        Write,
        document_write,
    )

    for number in (old_number, "COLLEAGUE1"):
        document_write(
            Address(
                XapiDocument.Kind.STATE,
                "https://example.org/course",
                agent_key(person_agent(number)),
                "",
                "bookmark",
            ),
            Write(content=b'{"page": 3}', content_type="application/json"),
        )
    PeopleImport.objects.create(
        filename="hr.csv",
        csv_text=f"staff_number,name\n{old_number},{old_name}\nX1,Someone Else\n",
    )
    before = figures()
    statements = Statement.objects.filter(person=officer).count()
    assert Statement.objects.filter(payload__icontains=old_number).exists()
    assert statements > 0

    client.force_login(dpo)
    # Refused without the confirmation, and for an active person unless said.
    response = client.post(f"{URL}erase/", {"staff_number": old_number})
    assert response.status_code == 400
    assert "This field is required." in response.text
    response = client.post(
        f"{URL}erase/", {"staff_number": old_number, "confirm": "on"}
    )
    assert response.status_code == 400
    assert "is still active" in response.text
    response = client.post(
        f"{URL}erase/",
        {"staff_number": old_number, "confirm": "on", "even_if_active": "on"},
    )
    assert response.status_code == 302
    page = client.get(URL)
    assert "Figures and coverage are unchanged." in page.text

    officer.refresh_from_db()
    assert officer.staff_number.startswith("erased-")
    assert officer.display_name == "Erased person"
    assert figures() == before
    # Rebuilding the projection from the (rewritten) store changes nothing.
    progress_rebuild()
    assert figures() == before
    assert Statement.objects.filter(person=officer).count() == statements
    text = everything_said(officer.pk)
    for secret in (old_number, old_name, old_username):
        assert secret not in text
        assert not Statement.objects.filter(payload__icontains=secret).exists()
    assert not StatementAgent.objects.filter(agent_key__contains=old_number).exists()
    assert "Someone Else" in PeopleImport.objects.get().csv_text
    assert old_number not in PeopleImport.objects.get().csv_text
    assert not hasattr(Person.objects.get(pk=officer.pk), "calendar_feed")
    # Their documents are gone; the colleague's stay.
    assert list(XapiDocument.objects.values_list("agent_key", flat=True)) == [
        agent_key(person_agent("COLLEAGUE1"))
    ]
    # They cannot sign in any more.
    client.logout()
    client.post(
        "/accounts/sign-in/", {"username": old_username, "password": "password"}
    )
    assert "_auth_user_id" not in client.session
    entry = ModelLogEntry.objects.get(action="crystal.erasure")
    assert entry.user == dpo and entry.label == "Erased person"
    assert entry.data["statements"] == statements
    with pytest.raises(ErasureRefused, match="already been erased"):
        person_erase(person=officer)


def test_the_command_exports_and_erases(tmp_path, progress_made):
    officer = progress_made[1]
    out = tmp_path / "export.json"
    call_command(
        "crystal_personal_data",
        "export",
        "--staff-number",
        officer.staff_number,
        "--out",
        str(out),
        stderr=io.StringIO(),
    )
    assert json.loads(out.read_text())["person"]["id"] == officer.pk
    with pytest.raises(CommandError, match="cannot be undone: run again with --yes"):
        call_command(
            "crystal_personal_data", "erase", "--staff-number", officer.staff_number
        )
    with pytest.raises(CommandError, match="still active"):
        call_command(
            "crystal_personal_data",
            "erase",
            "--staff-number",
            officer.staff_number,
            "--yes",
        )
    Person.objects.filter(pk=officer.pk).update(
        active=False, deactivated_on=timezone.localdate()
    )
    stdout = io.StringIO()
    call_command(
        "crystal_personal_data",
        "erase",
        "--staff-number",
        officer.staff_number,
        "--yes",
        stdout=stdout,
    )
    assert "statements re-attributed" in stdout.getvalue()
    with pytest.raises(CommandError, match="No one has staff number"):
        call_command("crystal_personal_data", "export", "--staff-number", "NOPE")


def test_retention_deletes_long_gone_leavers_and_old_finished_reminders(
    progress_made,
    settings,
):
    settings.CRYSTAL_RETAIN_STATEMENTS_DAYS = 365
    settings.CRYSTAL_RETAIN_REMINDERS_DAYS = 30
    gone, recent, staying = progress_made[0], progress_made[1], progress_made[2]
    today = timezone.localdate()
    Person.objects.filter(pk=gone.pk).update(
        active=False, deactivated_on=today - timedelta(days=400)
    )
    Person.objects.filter(pk=recent.pk).update(
        active=False, deactivated_on=today - timedelta(days=100)
    )
    kept = {p.pk: Statement.objects.filter(person=p).count() for p in (recent, staying)}
    old = timezone.now() - timedelta(days=40)
    finished = Assignment.objects.get(person=staying, programme=core())
    assert finished.completed_at is not None
    unfinished = Assignment.objects.filter(completed_at__isnull=True).first()
    ReminderLog.objects.create(
        kind="due_soon", recipient=staying, assignment=finished, key="a", sent_at=old
    )
    ReminderLog.objects.create(
        kind="overdue",
        recipient=unfinished.person,
        assignment=unfinished,
        key="b",
        sent_at=old,
    )
    ReminderLog.objects.create(
        kind="due_soon",
        recipient=staying,
        assignment=finished,
        key="c",
        sent_at=timezone.now(),
    )

    report = retention_apply()
    assert report.statements > 0 and report.reminders == 1
    assert not Statement.objects.filter(person=gone).exists()
    assert not Progress.objects.filter(person=gone).exists()
    for pk, count in kept.items():
        assert Statement.objects.filter(person_id=pk).count() == count
    assert set(ReminderLog.objects.values_list("key", flat=True)) >= {"b", "c"}
    assert not ReminderLog.objects.filter(key="a").exists()


def test_erasure_removes_files_attached_to_the_persons_statements(progress_made):
    from crystal_learning.xapi.attachments.models import (
        StatementAttachment,
        XapiAttachment,
    )

    officer, colleague = progress_made[0], progress_made[1]
    theirs = Statement.objects.filter(person=officer).first()
    other = Statement.objects.filter(person=colleague).first()
    own = XapiAttachment.objects.create(
        sha2="a" * 64, content_type="image/png", length=3, content=b"abc"
    )
    shared = XapiAttachment.objects.create(
        sha2="b" * 64, content_type="text/plain", length=3, content=b"xyz"
    )
    StatementAttachment.objects.create(statement=theirs, attachment=own)
    StatementAttachment.objects.create(statement=theirs, attachment=shared)
    StatementAttachment.objects.create(statement=other, attachment=shared)

    person_erase(person=officer, allow_active=True)

    assert not XapiAttachment.objects.filter(sha2="a" * 64).exists()
    # Still attached to a colleague's statement: kept for them.
    assert XapiAttachment.objects.filter(sha2="b" * 64).exists()
    assert not StatementAttachment.objects.filter(statement=theirs).exists()
