"""Victim care beside training: the review workbook's sheet (admin download and
command), the coverage page, and the training manager's admin screens."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Programme
from crystal_learning.reports.coverage import programme_coverage
from crystal_learning.victim_care.models import VictimCareImport, VictimCareRecord
from tests.helpers import sign_in
from tests.programmes.helpers import CORE, complete_everything
from tests.victim_care.helpers import extract, line, make_record

REVIEW = "/admin/reports/training/performance-review/"


def _sheet(data: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [[c.value for c in row] for row in book["Victim care"].iter_rows()]


@pytest.fixture
def records(constables):
    """Three records this month in North Response Team A (two compliant), one in
    South Response Team A (compliant); four North A people have completed."""
    today = timezone.localdate()
    north = list(Person.objects.filter(team=constables.response, rank="PC"))
    for person in north[:4]:
        complete_everything(person)
    make_record(north[0], crime_ref="DU/1", recorded_on=today)
    make_record(
        north[1],
        crime_ref="DU/2",
        recorded_on=today,
        boxes="N,Y,Y,Y,Y,NA,Y",
        rationale="Domestic abuse: a letter could put her at risk. No IUC.",
        status="closed",
    )
    make_record(north[2], crime_ref="DU/3", recorded_on=today, boxes="Y,N,Y,Y,NA,NA,NA")
    south = Person.objects.filter(team__code="S-RESP-A").first()
    make_record(south, crime_ref="DU/4", recorded_on=today)
    return constables


def test_review_workbook_has_a_victim_care_sheet_per_team(client, records):
    sign_in(client, "manager")
    programme = Programme.objects.get(name=CORE)
    month = timezone.localdate().strftime("%Y-%m")
    response = client.get(REVIEW, {"programme": programme.pk, "month": month})
    rows = _sheet(response.content)
    assert rows[0][:5] == [
        "Team",
        "Team code",
        "Records",
        "Compliant records",
        "Compliant (%)",
    ]
    assert rows[0][5:12] == [
        "Victim of crime leaflet (%)",
        "Contact details left (%)",
        "Victim needs assessment (%)",
        "Contact plan (%)",
        "Victim Personal Statement (%)",
        "Right to review (%)",
        "Compensation (%)",
    ]
    assert rows[0][12] == f"{CORE} completed (%)"
    coverage = {r.team.code: r for r in programme_coverage(programme=programme).teams}
    north = next(r for r in rows if r[1] == "N-RESP-A")
    assert north[2:5] == [3, 2, 66]
    assert north[5:12] == [100, 66, 100, 100, 100, 100, 100]
    assert north[12] == coverage["N-RESP-A"].percent
    south = next(r for r in rows if r[1] == "S-RESP-A")
    assert south[2:5] == [1, 1, 100]
    north_b = next(r for r in rows if r[1] == "N-RESP-B")
    assert north_b[2:5] == [0, 0, None]  # no records: training only
    assert rows[-1][0] == "Force" and rows[-1][2:5] == [4, 3, 75]


def test_the_command_writes_the_same_workbook(client, records, tmp_path):
    month = timezone.localdate().strftime("%Y-%m")
    out = tmp_path / "review.xlsx"
    text = io.StringIO()
    call_command("crystal_monthly_review", month=month, out=str(out), stdout=text)
    assert f"review of {CORE}" in text.getvalue()
    sign_in(client, "manager")
    programme = Programme.objects.get(name=CORE)
    download = client.get(REVIEW, {"programme": programme.pk, "month": month})
    assert _sheet(out.read_bytes()) == _sheet(download.content)


def test_the_command_refuses_a_bad_month(records, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Not a month"):
        call_command("crystal_monthly_review", month="13/2026", out=str(tmp_path / "x"))


def test_the_coverage_page_shows_compliance_beside_training(client, records):
    sign_in(client, "manager")
    page = client.get("/reports/coverage/").content.decode()
    month = timezone.localdate()
    assert f"Victim care records, {month:%B %Y}" in page
    assert "Compliant records (%)" in page
    north_row = next(
        row for row in page.split("<tr") if "North Response Team A</th>" in row
    )
    assert 'data-testid="team-compliance">66%' in north_row
    assert 'data-testid="training-compliance-chart"' in page
    assert "<svg" in page and "<polyline" in page
    table = page.split('data-testid="training-compliance-table"')[1].split("</table>")[
        0
    ]
    assert f"{month:%B %Y}</th>" in table
    assert ">75%<" in table  # the force's compliant records this month


def test_the_coverage_page_reads_compliance_in_fixed_queries(client, records):
    """Records are read once for the chart and the teams' column, and their
    supervisors' findings in two queries however many records, so more
    records cost no more queries."""
    officer = Person.objects.filter(team=records.response, rank="PC").first()
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    make_record(officer, crime_ref="DU/M/first", recorded_on=last_month)
    sign_in(client, "manager")
    client.get("/reports/coverage/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/reports/coverage/").status_code == 200
        return len(captured)

    before = queries()
    for n in range(6):
        make_record(officer, crime_ref=f"DU/M/{n}", recorded_on=last_month)
        make_record(officer, crime_ref=f"DU/T/{n}", recorded_on=timezone.localdate())
    assert queries() == before
    page = client.get("/reports/coverage/").content.decode()
    north_row = next(
        row for row in page.split("<tr") if "North Response Team A</th>" in row
    )
    # Last month is shown first: seven records, all compliant.
    assert f"Victim care records, {last_month:%B %Y}" in page
    assert 'data-testid="team-compliance">100%' in north_row


def test_admin_screen_shows_compliance_by_team(client, records):
    sign_in(client, "manager")
    page = client.get(reverse("crystal_victim_care_admin:index")).content.decode()
    assert "Victim care compliance" in page
    row = next(r for r in page.split("<tr") if "North Response Team A</th>" in r)
    assert "<td>3</td><td>2</td><td>66%</td>" in row
    bad = client.get(reverse("crystal_victim_care_admin:index"), {"month": "soon"})
    assert bad.status_code == 400
    assert "Enter a valid date" in bad.content.decode()


def test_training_manager_previews_then_applies_an_import(client, constables):
    sign_in(client, "manager")
    officer = Person.objects.filter(team=constables.response, rank="PC").first()
    text = extract(line("DU/26/9", staff_number=officer.staff_number))
    response = client.post(
        reverse("crystal_victim_care_admin:upload"),
        {"file": SimpleUploadedFile("vc.csv", text.encode(), "text/csv")},
    )
    upload = VictimCareImport.objects.get()
    assert response.status_code == 302
    preview = client.get(
        reverse("crystal_victim_care_admin:preview", args=[upload.pk])
    ).content.decode()
    assert "1 record: 1 new, 0 replacing a record already imported." in preview
    assert "Apply import" in preview and "DU/26/9" not in preview
    assert not VictimCareRecord.objects.exists()
    applied = client.post(
        reverse("crystal_victim_care_admin:apply", args=[upload.pk]), follow=True
    )
    assert "Imported 1 record: 1 new, 0 replaced." in applied.content.decode()
    assert VictimCareRecord.objects.get().person == officer
    again = client.post(
        reverse("crystal_victim_care_admin:apply", args=[upload.pk]), follow=True
    )
    assert "already been applied" in again.content.decode()
    assert VictimCareRecord.objects.count() == 1


def test_a_bad_upload_lists_problems_and_offers_no_apply(client, constables):
    sign_in(client, "manager")
    text = extract(line("DU/26/9", staff_number="NOBODY"))
    client.post(
        reverse("crystal_victim_care_admin:upload"),
        {"file": SimpleUploadedFile("vc.csv", text.encode(), "text/csv")},
    )
    upload = VictimCareImport.objects.get()
    page = client.get(
        reverse("crystal_victim_care_admin:preview", args=[upload.pk])
    ).content.decode()
    assert "Line 2, column staff_number: Nobody has the staff number" in page
    assert "Apply import" not in page
    client.post(reverse("crystal_victim_care_admin:apply", args=[upload.pk]))
    assert not VictimCareRecord.objects.exists()


def test_victim_care_screens_are_for_training_managers(client, constables):
    sign_in(client, "sergeant")
    for name in ["index", "upload"]:
        assert client.get(reverse(f"crystal_victim_care_admin:{name}")).status_code in (
            302,
            403,
        )
    response = client.post(
        reverse("crystal_victim_care_admin:upload"),
        {"file": SimpleUploadedFile("vc.csv", b"x", "text/csv")},
    )
    assert response.status_code in (302, 403)
    assert not VictimCareImport.objects.exists()


def test_the_pages_show_the_last_finished_month_first(client, records):
    from datetime import timedelta

    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    officer = Person.objects.filter(team=records.response, rank="PC").first()
    make_record(officer, crime_ref="DU/OLD", recorded_on=last_month)
    sign_in(client, "manager")
    page = client.get("/reports/coverage/").content.decode()
    assert f"Victim care records, {last_month:%B %Y}" in page
    admin = client.get(reverse("crystal_victim_care_admin:index")).content.decode()
    assert f"Compliance in {last_month:%B %Y}" in admin
