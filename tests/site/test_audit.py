"""The audit log: exports of personal data and admin actions, in Wagtail's
site history."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Assignment
from tests.helpers import sign_in

DOCS = Path(__file__).resolve().parents[2] / "docs"


def exports() -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action="crystal.export").order_by("pk"))


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def test_every_export_of_personal_data_is_logged_with_who_what_and_how_many(
    client, force
):
    today = timezone.localdate()
    sign_in(client, "sergeant")
    exported = client.get("/reports/my-teams/export.csv", {"status": "incomplete"})
    lines = list(csv.DictReader(io.StringIO(body(exported))))
    [entry] = exports()
    sergeant = User.objects.get(username="sergeant")
    assert entry.user == sergeant
    assert entry.data["report"] == "My teams: Op Crystal core"
    assert entry.data["format"] == "csv"
    assert entry.data["rows"] == len(lines) > 0
    assert entry.data["filters"] == {"status": ["incomplete"]}
    # A refused export is not an export.
    client.get("/reports/my-teams/export.csv", {"team": "999999"})
    assert len(exports()) == 1

    client.logout()
    late = list(Person.objects.filter(assignments__isnull=False).distinct()[:3])
    Assignment.objects.filter(person__in=late).update(due_on=today - timedelta(days=9))
    sign_in(client, "manager")
    xlsx = client.get("/admin/reports/training/overdue/", {"export": "xlsx"})
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    body(client.get("/admin/crystal_people_person/", {"export": "csv"}))
    overdue, people = exports()[1:]
    late_assignments = Assignment.objects.filter(
        person__in=late, completed_at__isnull=True, ended_on__isnull=True
    ).count()
    assert (overdue.data["report"], overdue.data["rows"]) == (
        "Overdue training",
        late_assignments,
    )
    assert overdue.data["format"] == "xlsx"
    assert (people.data["report"], people.data["rows"]) == (
        "People",
        Person.objects.count(),
    )
    assert {overdue.user.username, people.user.username} == {"manager"}

    # An administrator reads them in the site history.
    client.logout()
    admin = User.objects.create_superuser("dpo", "dpo@example.org", "password")
    client.force_login(admin)
    history = client.get("/admin/reports/site-history/").text
    assert "Exported My teams: Op Crystal core (CSV," in history
    assert f"Exported Overdue training (XLSX, {late_assignments} rows)" in history


def test_applying_an_hr_file_and_publishing_a_plan_are_logged(client, training_manager):
    client.force_login(training_manager.user)
    upload = SimpleUploadedFile(
        "people.csv", (DOCS / "sample-people.csv").read_bytes(), "text/csv"
    )
    response = client.post("/admin/people-import/", {"file": upload})
    assert response.status_code == 302
    response = client.post(response["Location"] + "apply/")
    assert response.status_code == 302
    entry = ModelLogEntry.objects.get(action="crystal.hr_import")
    assert entry.user == training_manager.user
    assert entry.data["counts"]["new"] == 8
