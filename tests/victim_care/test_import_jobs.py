"""Large victim care extracts are checked and applied by background jobs (run
synchronously in tests), with a progress page; still all or nothing, and no raw
crime reference is stored while a file waits for its check."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crystal_learning.people.models import Person
from crystal_learning.victim_care.import_jobs import (
    INLINE_ROWS,
    victim_care_import_check,
)
from crystal_learning.victim_care.importing import extract_rows
from crystal_learning.victim_care.models import VictimCareImport, VictimCareRecord
from tests.helpers import sign_in
from tests.victim_care.helpers import extract, line

ROWS = INLINE_ROWS + 500


@pytest.fixture
def large(constables) -> str:
    """A valid extract of ROWS crimes by the response team's constables."""
    staff = list(
        Person.objects.filter(team=constables.response, rank="PC").values_list(
            "staff_number", flat=True
        )
    )
    return extract(
        *(
            line(f"DU/26/{n:05d}", staff_number=staff[n % len(staff)])
            for n in range(ROWS)
        )
    )


def upload(client, text: str):
    return client.post(
        reverse("crystal_victim_care_admin:upload"),
        {"file": SimpleUploadedFile("large.csv", text.encode(), "text/csv")},
        follow=True,
    )


def test_a_large_file_is_checked_then_applied_by_the_jobs(client, large):
    sign_in(client, "manager")
    page = upload(client, large).content.decode()
    record = VictimCareImport.objects.get()
    assert record.status == "previewed" and record.pending == []
    assert f"{ROWS} records: {ROWS} new, 0 replacing" in page
    assert "Apply import" in page and "DU/26/00001" not in page
    assert not VictimCareRecord.objects.exists()

    applied = client.post(
        reverse("crystal_victim_care_admin:apply", args=[record.pk]), follow=True
    )
    # The job ran within the request here; on a server the page polls it.
    assert f"Imported {ROWS} records: {ROWS} new, 0 replaced." in (
        applied.content.decode()
    )
    preview = reverse("crystal_victim_care_admin:preview", args=[record.pk])
    assert f"Applied: {ROWS} records, {ROWS} new, 0 replaced." in (
        client.get(preview).content.decode()
    )
    assert VictimCareRecord.objects.count() == ROWS


def test_the_page_shows_the_check_in_progress_then_the_preview(client, large):
    sign_in(client, "manager")
    rows = extract_rows(large)
    record = VictimCareImport.objects.create(
        filename="large.csv", status="checking", pending=rows, rows_total=ROWS
    )
    preview = reverse("crystal_victim_care_admin:preview", args=[record.pk])
    status = reverse("crystal_victim_care_admin:status", args=[record.pk])
    first = client.get(preview).content.decode()
    assert f"Checking line 0 of {ROWS}" in first and "Apply import" not in first
    seen = []

    def watch(done: int) -> None:
        seen.append((client.get(status).json(), client.get(preview).content.decode()))

    victim_care_import_check(import_id=record.pk, progress=watch)
    state, page = seen[0]
    assert state == {
        "status": "checking",
        "running": True,
        "rows_done": 500,
        "rows_total": ROWS,
    }
    assert f"Checking line 500 of {ROWS}" in page
    assert seen[-1][0]["rows_done"] == ROWS - ROWS % 500
    done = client.get(preview).content.decode()
    assert f"{ROWS} records: {ROWS} new" in done and "Apply import" in done
    assert client.get(status).json()["running"] is False


def test_a_large_file_with_one_bad_line_writes_nothing(client, large):
    sign_in(client, "manager")
    bad = large.replace("Y,Y,Y,Y,NA,NA,NA", "Y,maybe,Y,Y,NA,NA,NA", 1)
    page = upload(client, bad).content.decode()
    record = VictimCareImport.objects.get()
    assert record.status == "failed" and record.rows == [] and record.pending == []
    assert "Line 2, column contact_details_left: &#x27;maybe&#x27; is not" in page
    assert "Apply import" not in page
    client.post(reverse("crystal_victim_care_admin:apply", args=[record.pk]))
    assert not VictimCareRecord.objects.exists()
    assert VictimCareImport.objects.get().status == "failed"


def test_rows_waiting_for_the_check_hold_no_raw_crime_reference(large):
    text = large + line("du/26/x 1") + "\n" + line("?") + "\n"
    stored = json.dumps(extract_rows(text))
    assert "DU/26/" not in stored and "du/26" not in stored and '"?"' not in stored
