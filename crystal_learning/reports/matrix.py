"""The supervisor's matrix: the members of their teams against a programme's
requirements, most urgent first, ordered and counted in the database and built
only for the rows shown (a fixed number of queries a page or a chunk)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import NamedTuple

from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.translation import gettext_lazy

from crystal_learning.i18n import gettext_cached as _
from crystal_learning.people.models import Person
from crystal_learning.programmes.models import (
    Assignment,
    Programme,
    ReminderLog,
    Requirement,
)
from crystal_learning.programmes.querysets import days_overdue
from crystal_learning.programmes.selectors import (
    RequirementState,
    requirement_met,
    requirement_state,
    requirement_url,
    requirements_met,
)
from crystal_learning.scheduling.models import Booking
from crystal_learning.xapi.models import Progress
from modules.selectors import watched_shares

from .coverage import current_assignments, requirements_of

STATUS_CHOICES = [
    ("", gettext_lazy("Everyone")),
    ("overdue", gettext_lazy("Overdue")),
    ("incomplete", gettext_lazy("Not complete")),
    ("complete", gettext_lazy("Complete")),
]


class ProgressRow(NamedTuple):
    """The projection's row as the matrix reads it (no model instances)."""

    status: str
    progress: float
    completed_at: datetime | None
    content_version: str


@dataclass
class Cell:
    requirement: Requirement
    applies: bool  # False: the requirement is not for this person's rank
    progress: ProgressRow | None = None
    booked_on: datetime | None = None
    url: str = ""

    @cached_property
    def state(self) -> RequirementState | None:
        """Labels and all: built only for the cells shown or exported."""
        if not self.applies:
            return None
        return requirement_state(self.requirement, self.progress, self.url)

    @property
    def met(self) -> bool:
        return self.applies and requirement_met(self.requirement, self.progress)

    @property
    def text(self) -> str:
        """The cell as a report or export shows it."""
        if self.state is None:
            return _("Not required")
        if self.state.met:
            when = self.state.completed_at
            return f"{self.state.label} {when:%d/%m/%Y}" if when else self.state.label
        if self.booked_on is not None:
            when = {"when": f"{self.booked_on:%d/%m/%Y %H:%M}"}
            if self.protected_time:
                return _("%(label)s; protected time: %(when)s") % {
                    **when,
                    "label": self.state.label,
                }
            return _("Booked: %(when)s") % when
        return self.state.label

    @property
    def protected_time(self) -> bool:
        """Booked on protected e-learning time (not a briefing session)."""
        return (
            self.booked_on is not None
            and self.requirement.kind != Requirement.Kind.BRIEFING
        )


@dataclass
class MemberRow:
    assignment: Assignment
    cells: list[Cell]
    as_of: date
    last_reminded: datetime | None = None

    @property
    def person(self):
        return self.assignment.person

    @property
    def complete(self) -> bool:
        return self.assignment.completed_at is not None

    @property
    def days_overdue(self) -> int:
        return days_overdue(self.assignment, self.as_of)

    @property
    def reminded_today(self) -> bool:
        """A supervisor reminded them today: another reminder waits for tomorrow."""
        return bool(
            self.last_reminded and timezone.localdate(self.last_reminded) == self.as_of
        )

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @cached_property
    def met(self) -> int:
        return sum(1 for c in self.cells if c.met)

    @property
    def required(self) -> int:
        return sum(1 for c in self.cells if c.applies)

    @property
    def done(self) -> str:
        """How many are done, "2 of 6 done" (cheaper here than a template tag a row)."""
        return _("%(met)s of %(total)s done") % {
            "met": self.met,
            "total": self.required,
        }

    @property
    def reminder_to(self) -> str:
        """The reminder button's words for a screen reader: "to Dana Done"."""
        return _("to %(name)s") % {"name": self.person.display_name}

    @property
    def status(self) -> str:
        if self.complete:
            return _("Complete")
        if self.overdue:
            return _("Overdue by %(days)s days") % {"days": self.days_overdue}
        return _("Due %(date)s") % {"date": f"{self.assignment.due_on:%d/%m/%Y}"}

    def urgency(self) -> tuple:
        """Overdue longest first, then soonest due, then least done; complete
        last: `AssignmentQuerySet.by_urgency` in Python (a test holds them equal)."""
        return (
            self.complete,
            -self.days_overdue,
            self.assignment.due_on,
            self.met,
            self.person.display_name,
            self.assignment.pk,
        )


def _chosen(
    *,
    programme: Programme,
    team_ids: frozenset[int],
    as_of: date,
    status: str,
    search: str,
) -> QuerySet[Assignment]:
    """The assignments the supervisor asked for: their teams, a status, a search."""
    assignments = (
        current_assignments(programme)
        .for_teams(team_ids)
        .select_related("person__team")
    )
    if status == "overdue":
        assignments = assignments.overdue(as_of)
    elif status == "incomplete":
        assignments = assignments.outstanding()
    elif status == "complete":
        assignments = assignments.filter(completed_at__isnull=False)
    if search:
        assignments = assignments.filter(person__display_name__icontains=search) | (
            assignments.filter(person__staff_number__iexact=search)
        )
    return assignments


def _progress(
    person_ids: list[int], activity_ids: list[str]
) -> dict[tuple[int, str], ProgressRow]:
    """The projection rows of these people for these activities (1 query)."""
    return {
        (person_id, activity_id): ProgressRow(*rest)
        for person_id, activity_id, *rest in Progress.objects.filter(
            person_id__in=person_ids, activity_id__in=activity_ids
        ).values_list(
            "person_id",
            "activity_id",
            "status",
            "progress",
            "completed_at",
            "content_version",
        )
    }


def _booked(
    person_ids: list[int], programme: Programme, as_of: date
) -> dict[tuple[int, int], datetime]:
    """(person, requirement) -> the soonest upcoming session booked (1 query)."""
    booked: dict[tuple[int, int], datetime] = {}
    for person_id, requirement_id, day, start in (
        Booking.objects.upcoming(as_of)
        .filter(person_id__in=person_ids, session__requirement__programme=programme)
        .order_by("-session__date")
        .values_list(
            "person_id", "session__requirement_id", "session__date", "session__start"
        )
    ):
        booked[person_id, requirement_id] = datetime.combine(day, start)
    return booked


def _last_reminded(assignment_ids: list[int]) -> defaultdict:
    """Assignment -> when a supervisor last sent a reminder, or None (1 query)."""
    reminded = defaultdict(lambda: None)
    reminded.update(
        ReminderLog.objects.filter(
            kind=ReminderLog.Kind.MANUAL,
            assignment__in=assignment_ids,
        )
        .values("assignment_id")
        .annotate(last=Max("sent_at"))
        .values_list("assignment_id", "last")
    )
    return reminded


@dataclass
class Matrix:
    programme: Programme
    requirements: list[Requirement]
    #: The chosen assignments, most urgent first: loaded a page or a chunk at a
    #: time, so the cost of a page does not grow with the number of people.
    assignments: QuerySet[Assignment]
    as_of: date
    #: The teams chosen from (their people are the ones counted).
    team_ids: frozenset[int]

    def rows(self, assignments: list[Assignment]) -> list[MemberRow]:
        """These assignments (in this order) against the requirements (4 queries)."""
        return list(self._rows(assignments))

    def _rows(self, assignments: list[Assignment]) -> Iterator[MemberRow]:
        """`rows`, built one at a time once the 4 queries are read: an export
        writes each row and lets it go, so a chunk's cells are not all held at
        once (fewer objects for the garbage collector to walk)."""
        person_ids = [a.person_id for a in assignments]
        requirements = self.requirements
        progress = _progress(person_ids, [r.activity_id for r in requirements])
        modules = [r.module for r in requirements if r.kind == Requirement.Kind.MODULE]
        watched = watched_shares(person_ids=person_ids, modules=modules)
        for key, share in watched.items():
            if key in progress:  # a video's progress is its credited share
                progress[key] = progress[key]._replace(progress=share)
        booked = _booked(person_ids, self.programme, self.as_of)
        reminded = _last_reminded([a.pk for a in assignments])
        columns = [(r, r.activity_id, requirement_url(r)) for r in requirements]
        for assignment in assignments:
            assignment.programme = self.programme  # loaded once, for the overdue rule
            person = assignment.person
            cells = [
                Cell(
                    requirement=r,
                    applies=r.applies_to(person),
                    progress=progress.get((person.pk, activity)),
                    booked_on=booked.get((person.pk, r.pk)),
                    url=url,
                )
                for r, activity, url in columns
            ]
            yield MemberRow(
                assignment=assignment,
                cells=cells,
                as_of=self.as_of,
                last_reminded=reminded[assignment.pk],
            )

    def count(self) -> int:
        """How many assignments are chosen (1 query): the people of the teams
        with one. A person has one current assignment a programme (a database
        constraint), so this counts the same, with a look-up a person instead
        of joining all current assignments (135,000 nationally) to the teams'
        people, as counting the ordered queryset does."""
        chosen = self.assignments.order_by().filter(person=OuterRef("pk"))
        return (
            Person.objects.filter(team__in=self.team_ids)
            .filter(IsNull(Subquery(chosen.values("pk")[:1]), False))
            .count()
        )

    def ordered_ids(self) -> list[int]:
        """Every chosen assignment's id, most urgent first (1 query)."""
        return list(self.assignments.values_list("pk", flat=True))

    def chunks(self, size: int) -> Iterator[Iterator[MemberRow]]:
        """Everyone chosen, most urgent first, `size` rows at a time, each chunk
        read row by row: the ordered query read as it goes (1 query, not the ids
        and then each chunk by id) and 4 queries a chunk."""
        chunk: list[Assignment] = []
        for assignment in self.assignments.iterator(chunk_size=size):
            chunk.append(assignment)
            if len(chunk) == size:
                yield self._rows(chunk)
                chunk = []
        if chunk:
            yield self._rows(chunk)


def programmes_of_teams(team_ids: frozenset[int]) -> list[Programme]:
    """Programmes anyone in these teams is currently assigned to, by name (1
    query: a look for one assignment a programme, not a join of them all)."""
    assigned = Assignment.objects.current().for_teams(team_ids)
    return list(
        Programme.objects.filter(
            Exists(assigned.filter(programme=OuterRef("pk")))
        ).order_by("name")
    )


def team_matrix(
    *,
    programme: Programme,
    team_ids: frozenset[int],
    as_of: date,
    status: str = "",
    search: str = "",
) -> Matrix:
    """Members of `team_ids` assigned to the programme, against its requirements,
    most urgent first (1 query; the rows are read when shown)."""
    requirements = requirements_of(programme)
    chosen = _chosen(
        programme=programme,
        team_ids=team_ids,
        as_of=as_of,
        status=status,
        search=search,
    )
    return Matrix(
        programme=programme,
        requirements=requirements,
        assignments=chosen.by_urgency(as_of, met=requirements_met(requirements)),
        as_of=as_of,
        team_ids=team_ids,
    )
