"""My teams at scale, the parts that stand in for slower ones (issue 21.3): the
requirement cells written in Python read as the template wrote them, the count
is the length of the ordered list for every filter, and the programme list is
every programme anyone in the teams is assigned to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import Assignment, Requirement
from crystal_learning.reports.matrix import (
    Cell,
    ProgressRow,
    programmes_of_teams,
    team_matrix,
)
from crystal_learning.reports.templatetags.crystal_matrix import cell_html
from tests.programmes.helpers import core
from tests.reports.helpers import progress_make

HALF_WAY = ProgressRow("in_progress", 0.5, None, "1")
#: Thursday 3 December 2026 at 10:00, as a booked session's date and start.
SESSION = datetime(2026, 12, 3, 10, 0)


@pytest.fixture
def requirements(constables) -> dict[str, Requirement]:
    found = core().requirements.select_related("module", "package", "quiz")
    return {
        kind: next(r for r in found.order_by("sort_order") if r.kind == kind)
        for kind in (Requirement.Kind.MODULE, Requirement.Kind.BRIEFING)
    }


def test_each_cell_reads_as_the_template_wrote_it(requirements):
    module = requirements[Requirement.Kind.MODULE]
    briefing = requirements[Requirement.Kind.BRIEFING]
    completed = ProgressRow(
        "completed", 1.0, datetime(2026, 3, 5, 23, 30, tzinfo=UTC), "1"
    )
    tag = '<strong class="govuk-tag govuk-tag--{}">{}</strong>'
    note = '<br><span class="govuk-body-s">{}</span>'
    cases = [
        (Cell(module, False), False, '<span class="govuk-body-s">Not required</span>'),
        # Shown in the local time zone: 23:30 UTC in March is 23:30 in London.
        (
            Cell(module, True, completed),
            True,
            tag.format("green", "Completed") + note.format("5 Mar 2026"),
        ),
        (
            Cell(module, True, HALF_WAY, booked_on=SESSION),
            False,
            tag.format("blue", "Protected time")
            + note.format("Thu 3 Dec 10:00; In progress (50%)"),
        ),
        (
            Cell(module, True, None, booked_on=SESSION),
            True,
            tag.format("blue", "Protected time") + note.format("Thu 3 Dec 10:00"),
        ),
        (
            Cell(briefing, True, None, booked_on=SESSION),
            False,
            tag.format("blue", "Booked") + note.format("3 Dec 2026 10:00"),
        ),
        (
            Cell(module, True, HALF_WAY),
            True,
            tag.format("red", "Overdue") + note.format("In progress (50%)"),
        ),
        (
            Cell(module, True, HALF_WAY),
            False,
            tag.format("light-blue", "In progress (50%)"),
        ),
        (Cell(module, True, None), False, tag.format("grey", "Not started")),
        (Cell(briefing, True, None), False, tag.format("grey", "Not booked yet")),
    ]
    for cell, overdue, html in cases:
        assert cell_html(cell, overdue=overdue) == html


def test_a_label_is_escaped(requirements, monkeypatch):
    module = requirements[Requirement.Kind.MODULE]
    monkeypatch.setattr(
        "crystal_learning.reports.templatetags.crystal_matrix._",
        lambda message: "<b>Overdue & late</b>",
    )
    html = cell_html(Cell(module, True, None), overdue=True)
    assert "&lt;b&gt;Overdue &amp; late&lt;/b&gt;" in html
    assert "<b>" not in html


@pytest.mark.parametrize("status", ["", "overdue", "incomplete", "complete"])
def test_the_count_is_the_length_of_the_ordered_list(constables, status):
    progress_make()
    Person.objects.filter(pk=Person.objects.filter(rank="PC").last().pk).update(
        active=False
    )  # left: not counted, not listed
    team_ids = frozenset(Team.objects.values_list("pk", flat=True))
    for search in ("", "a"):
        matrix = team_matrix(
            programme=core(),
            team_ids=team_ids,
            as_of=timezone.localdate(),
            status=status,
            search=search,
        )
        with CaptureQueriesContext(connection) as queries:
            counted = matrix.count()
        assert len(queries) == 1
        assert counted == len(matrix.ordered_ids())
        assert counted or search  # the filter alone leaves someone


def test_the_programmes_are_those_anyone_in_the_teams_is_assigned(constables):
    north = Team.objects.get(code="N-RESP-A").get_parent()
    team_ids = frozenset(
        Team.objects.filter(path__startswith=north.path).values_list("pk", flat=True)
    )
    with CaptureQueriesContext(connection) as queries:
        listed = programmes_of_teams(team_ids)
    assert len(queries) == 1
    assigned = {
        a.programme
        for a in Assignment.objects.current().filter(person__team__in=team_ids)
    }
    assert listed == sorted(assigned, key=lambda p: p.name) and listed
    Assignment.objects.filter(person__team__in=team_ids).update(
        ended_on=timezone.localdate()
    )
    assert programmes_of_teams(team_ids) == []
