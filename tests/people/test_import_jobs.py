"""The HR import at scale (issue 15, point 9): a constant number of queries,
large files checked and applied by a background job with a progress bar, and
a preview computed once and stored, so reloading the page never re-runs it.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_q.models import Task

from crystal_learning.people import tasks
from crystal_learning.people.hr_import import people_import_run
from crystal_learning.people.models import PeopleImport, Person, PersonEvent
from crystal_learning.people.roles import SUPERVISOR
from tests.people.helpers import GOOD, HEADER, extract


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "apply"])
def test_the_number_of_queries_does_not_grow_with_the_rows(dry_run):
    # The force already has people (some to update, some unchanged) and teams.
    people_import_run(data=extract(600, start=1), dry_run=False)
    small = extract(50, start=551)  # 50 updated or unchanged...
    large = extract(500, start=401) + extract(450, start=1001)[len(HEADER) :]
    small += extract(50, start=2001)[len(HEADER) :]  # ... and 50 new
    large += extract(500, start=3001)[len(HEADER) :]

    def run(text: str):
        report = people_import_run(data=text, dry_run=dry_run)
        assert report.ok, report.problems[:3]

    few = count_queries(lambda: run(small))
    many = count_queries(lambda: run(large))
    # 100 rows against 1,450: the same queries. Per-row reads or saves would add
    # thousands; SQLite's 999-variable limit splits a few IN lists in chunks.
    assert many <= few + 6, (few, many)
    if not dry_run:
        assert Person.objects.count() == 600 + 300 + 450 + 500 + 50


@pytest.mark.django_db
def test_applying_in_bulk_keeps_accounts_roles_and_history():
    people_import_run(data=extract(120), dry_run=False)
    officer = Person.objects.get(staff_number="D00050")
    assert officer.user.username == "d00050"
    assert not officer.user.has_usable_password()
    assert list(officer.supervises.values_list("code", flat=True)) == ["S-NHOOD-1"]
    assert SUPERVISOR in officer.user.groups.values_list("name", flat=True)
    assert PersonEvent.objects.filter(kind=PersonEvent.Kind.CREATED).count() == 120
    moved = extract(120).replace(
        "D00050,Officer 50,d50@example.police.uk,PC,Response officer,S-NHOOD-1,"
        "Team S-NHOOD-1",
        "D00050,Officer 50,d50@example.police.uk,PS,Response officer,N-RESP-A,"
        "Team N-RESP-A",
    )
    moved = moved.replace(
        '"E,E,L,L,N,N,R,R,R,R",4,S-NHOOD-1,yes', '"E,E,L,L,N,N,R,R,R,R",0,,yes', 1
    )
    report = people_import_run(data=moved, dry_run=False, deactivate_missing=True)
    assert report.ok, report.problems
    officer.refresh_from_db()
    assert (officer.rank, officer.team.code) == ("PS", "N-RESP-A")
    assert not officer.supervises.exists()
    assert SUPERVISOR not in officer.user.groups.values_list("name", flat=True)
    assert officer.events.filter(
        kind=PersonEvent.Kind.TEAM_CHANGED,
        detail={"old_team": "S-NHOOD-1", "new_team": "N-RESP-A"},
    ).exists()


def upload(client, text: str):
    return client.post(
        reverse("crystal_people_admin:upload"),
        {"file": SimpleUploadedFile("hr.csv", text.encode(), "text/csv")},
    )


def test_reloading_the_preview_shows_the_stored_result_and_does_not_rerun_it(
    client, training_manager
):
    client.force_login(training_manager.user)
    upload(client, GOOD)
    record = PeopleImport.objects.get()
    assert record.status == PeopleImport.Status.PREVIEWED
    assert record.preview["counts"]["new"] == 3
    url = reverse("crystal_people_admin:preview", args=[record.pk])
    assert "3 rows: 3 new, 0 updated" in client.get(url).content.decode()
    # The force changes behind the preview's back: a re-run would now find
    # three people to leave unchanged. The page shows what was checked.
    people_import_run(data=GOOD, dry_run=False)
    with CaptureQueriesContext(connection) as queries:
        for _reload in range(3):
            page = client.get(url).content.decode()
    assert "3 rows: 3 new, 0 updated" in page
    # The check reads every shift pattern and writes in a transaction; a page
    # view does neither.
    sql = [q["sql"] for q in queries]
    assert not any("crystal_people_shiftpattern" in q for q in sql), sql
    assert not any(q.startswith(("INSERT", "UPDATE", "SAVEPOINT")) for q in sql)
    assert PeopleImport.objects.count() == 1


def test_a_large_file_is_checked_and_applied_by_background_jobs(
    client, training_manager, settings
):
    settings.CRYSTAL_HR_IMPORT_INLINE_ROWS = 100  # Q_CLUSTER sync: jobs run inline
    client.force_login(training_manager.user)
    response = upload(client, extract(150))
    record = PeopleImport.objects.get()
    preview = reverse("crystal_people_admin:preview", args=[record.pk])
    assert response["Location"] == preview
    checks = Task.objects.filter(
        func="crystal_learning.people.tasks.people_import_check"
    )
    assert checks.count() == 1 and checks.get().success
    for _reload in range(2):
        page = client.get(preview).content.decode()
    assert "150 rows: 150 new" in page
    assert checks.count() == 1  # reloading never queues it again

    response = client.post(reverse("crystal_people_admin:apply", args=[record.pk]))
    # Back to the preview while the job runs; here (sync) it has already run.
    assert response["Location"] == reverse("crystal_people_admin:upload")
    applies = Task.objects.filter(
        func="crystal_learning.people.tasks.people_import_apply"
    )
    assert applies.count() == 1 and applies.get().success
    record.refresh_from_db()
    assert record.status == PeopleImport.Status.APPLIED
    assert record.applied_by == training_manager.user
    assert Person.objects.filter(staff_number__startswith="D00").count() == 150
    assert "Applied: 150 rows, 150 new" in client.get(preview).content.decode()
    # A second press (or a retried job) applies nothing more.
    client.post(reverse("crystal_people_admin:apply", args=[record.pk]))
    tasks.people_import_apply(import_id=record.pk)
    assert PersonEvent.objects.filter(people_import=record).count() == 150


def test_while_a_job_runs_the_page_shows_its_progress_and_the_status_answers(
    client, training_manager
):
    client.force_login(training_manager.user)
    record = PeopleImport.objects.create(
        filename="hr.csv",
        csv_text=extract(3000),
        status=PeopleImport.Status.CHECKING,
        rows_total=3000,
        rows_done=1000,
        uploaded_by=training_manager.user,
    )
    preview = reverse("crystal_people_admin:preview", args=[record.pk])
    status = reverse("crystal_people_admin:status", args=[record.pk])
    page = client.get(preview)
    text = page.content.decode()
    assert '<progress id="import-progress-bar" max="3000" value="1000">' in text
    assert f'data-import-status-url="{status}"' in text
    assert "crystal_people/import-progress" in text
    assert "<script>" not in text  # the CSP allows no inline script
    assert "Apply import" not in text
    assert client.get(status).json() == {
        "status": "checking",
        "running": True,
        "rows_done": 1000,
        "rows_total": 3000,
    }
    # The queued job runs (a worker picks it up): the same URLs show the result.
    tasks.people_import_check(import_id=record.pk)
    assert client.get(status).json()["running"] is False
    assert "3000 rows: 3000 new" in client.get(preview).content.decode()
    assert Person.objects.count() == 1  # the training manager: a preview writes nothing


def test_the_status_is_for_importers_only(client, officer, training_manager):
    record = PeopleImport.objects.create(filename="hr.csv", csv_text=GOOD)
    client.force_login(officer.user)
    response = client.get(reverse("crystal_people_admin:status", args=[record.pk]))
    assert response.status_code in (302, 403)
