"""My teams at scale: the page is ordered, counted and paged in the database
(the same order as MemberRow.urgency, the same order as the export), its
queries do not grow with the number of people, and the CSV is streamed."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import Assignment, Requirement
from crystal_learning.programmes.services import assignments_sync
from crystal_learning.reports.matrix import MemberRow, team_matrix
from crystal_learning.xapi.models import Progress
from tests.helpers import sign_in
from tests.people.factories import PersonFactory
from tests.programmes.helpers import complete_everything, core
from tests.reports.helpers import download_text, progress_make

URL = "/reports/my-teams/"
EXPORT = "/reports/my-teams/export.csv"
#: A member's row on the page: name, then "staff number, team".
MEMBER = re.compile(
    r'data-testid="member">\s*<th scope="row"[^>]*>[^<]*<br>'
    r'<span class="govuk-body-s">([^,<]+),'
)
#: Names Python and the database must sort alike (case, accents, spaces, ties).
NAMES = ["alice", "Alice", "Émile", "Zed", "Zed", "zed", "Al ice", "Ål", "Bob"]
#: Stored content versions, the odd ones too (version_number reads them as 0).
VERSIONS = ["", "1", "2", " 2 ", "3\t", "x", "007", "0123456789", "2.0"]
STATUSES = ["completed", "passed", "failed", "in_progress", "not_started"]


def shown(page: str) -> list[str]:
    return MEMBER.findall(page)


def exported(response) -> list[str]:
    return [
        row["Staff number"]
        for row in csv.DictReader(io.StringIO(download_text(response)))
    ]


@pytest.fixture
def varied(constables):
    """North Response A with people of several ranks and same or similar names;
    due dates past, today and ahead; some complete; progress of every status on
    several content versions; a requirement that asks for version 2 again."""
    team = Team.objects.get(code="N-RESP-A")
    for index, name in enumerate(NAMES):
        PersonFactory(team=team, display_name=name, rank=["PC", "PS"][index % 2])
    assignments_sync()
    programme = core()
    requirements = list(programme.requirements.order_by("sort_order"))
    retrained = next(r for r in requirements if r.kind != Requirement.Kind.BRIEFING)
    retrained.retraining_version = 2
    retrained.save(update_fields=["retraining_version"])
    today = timezone.localdate()
    assignments = list(
        Assignment.objects.current().filter(programme=programme).order_by("pk")
    )
    for index, assignment in enumerate(assignments):
        assignment.due_on = today + timedelta(days=[-9, -2, 0, 3, 3, 30][index % 6])
        if index % 7 == 3:
            assignment.completed_at = timezone.now()
        assignment.save(update_fields=["due_on", "completed_at"])
        for step, requirement in enumerate(requirements):
            pick = index * 3 + step
            if pick % 4 == 0:
                continue  # nothing recorded
            Progress.objects.update_or_create(
                person_id=assignment.person_id,
                activity_id=requirement.activity_id,
                defaults={
                    "status": STATUSES[pick % len(STATUSES)],
                    "content_version": VERSIONS[pick % len(VERSIONS)],
                },
            )
    return programme


def database_and_python_orders(programme) -> tuple[list[int], list[int]]:
    team_ids = frozenset(Team.objects.values_list("pk", flat=True))
    matrix = team_matrix(
        programme=programme, team_ids=team_ids, as_of=timezone.localdate()
    )
    in_database = matrix.ordered_ids()
    loaded = Assignment.objects.select_related("person__team").in_bulk(in_database)
    rows = matrix.rows(list(loaded.values()))
    assert len({row.met for row in rows}) >= 3  # the data set varies what is met
    assert any(row.overdue for row in rows) is programme.active
    assert any(row.complete for row in rows)
    in_python = [row.assignment.pk for row in sorted(rows, key=MemberRow.urgency)]
    return in_database, in_python


@pytest.mark.parametrize("active", [True, False], ids=["active", "paused"])
def test_the_database_orders_members_as_python_does(varied, active):
    varied.active = active
    varied.save(update_fields=["active"])
    in_database, in_python = database_and_python_orders(varied)
    assert len(in_database) > 20
    assert in_database == in_python


def test_page_two_continues_page_one_in_the_export_order(
    client, constables, monkeypatch
):
    monkeypatch.setattr("crystal_learning.reports.views.MATRIX_PAGE_SIZE", 4)
    monkeypatch.setattr("crystal_learning.reports.exports.CHUNK_SIZE", 3)
    team = Team.objects.get(code="N-RESP-A")
    for name in NAMES:
        PersonFactory(team=team, display_name=name)
    assignments_sync()
    progress_make()
    complete_everything(Person.objects.get(display_name="Bob"))
    sign_in(client, "sergeant")
    pages = [shown(client.get(URL, {"page": n}).content.decode()) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [4, 4, 4]
    csv_order = exported(client.get(EXPORT))
    assert pages[0] + pages[1] + pages[2] == csv_order[:12]
    assert len(csv_order) == len(set(csv_order))  # no row twice across chunks
    log = ModelLogEntry.objects.filter(action="crystal.export").latest("pk")
    assert log.data["rows"] == len(csv_order)
    # A filter keeps the same order, counted in the database.
    page = client.get(URL, {"status": "incomplete"}).content.decode()
    incomplete = exported(client.get(EXPORT, {"status": "incomplete"}))
    assert f"{len(incomplete)} people, most urgent first." in page
    assert shown(page) == incomplete[:4]


def test_the_page_and_the_export_cost_the_same_queries_for_10_or_150(
    client, constables
):
    sign_in(client, "sergeant")
    client.get(URL)  # warm the per-process caches (site root paths)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    team = Team.objects.get(code="N-RESP-A")
    assert Person.objects.filter(team=team).count() <= 10
    before = count(URL), count(EXPORT)
    newcomers = PersonFactory.create_batch(
        150 - Person.objects.filter(team=team).count(), team=team
    )
    assignments_sync()
    for p in newcomers[:6]:
        complete_everything(p)
    assert Person.objects.filter(team=team).count() >= 150
    after = count(URL), count(EXPORT)
    assert after == before
    assert len(exported(client.get(EXPORT))) >= 150  # and everyone is in it
