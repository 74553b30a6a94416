"""Reads for programmes: where a person stands with each requirement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils import timezone

from crystal_learning.i18n import gettext_cached as _
from crystal_learning.people.models import Person
from crystal_learning.scheduling.models import Booking
from crystal_learning.xapi.models import Progress, done_q, version_at_least_q
from crystal_learning.xapi.projection import version_number
from modules.selectors import watched_shares

from .models import Assignment, Certificate, Nomination, Programme, Requirement
from .querysets import is_overdue

#: What meets a requirement of each kind: the xAPI app's rule for its activity.
DONE = {kind: Progress.done_statuses(kind) for kind in Requirement.Kind.values}


@dataclass
class RequirementState:
    requirement: Requirement
    met: bool
    label: str
    percent: int
    completed_at: datetime | None
    version: str
    url: str
    #: Anything recorded for it (the projection has a row beyond "not started").
    started: bool = False
    #: The person's next booking on a session for it (a briefing, or protected
    #: time to do a module, quiz or package; My training).
    booking: Booking | None = None


def requirement_url(requirement: Requirement) -> str:
    """Where the learner opens the requirement: its live page, if any."""
    page = {
        Requirement.Kind.MODULE: requirement.module,
        Requirement.Kind.PACKAGE: requirement.package,
        Requirement.Kind.QUIZ: requirement.quiz,
    }.get(requirement.kind)
    return page.url if page is not None and page.live else ""


def _outdated(requirement: Requirement, version: str) -> bool:
    """Done on a content version before the one retraining asks for."""
    return bool(
        requirement.retraining_version
        and version_number(version) < requirement.retraining_version
    )


def requirement_met(requirement: Requirement, progress: Progress | None) -> bool:
    """Whether the requirement is met: what requirement_state().met says,
    without building the labels (for counting many people)."""
    if progress is None or progress.status not in DONE[requirement.kind]:
        return False
    return not _outdated(requirement, progress.content_version or "")


def requirements_met(
    requirements: list[Requirement], person_ref: str = "person"
) -> Combinable:
    """How many of `requirements` apply to a person and are met (requirement_met),
    counted in the database: an annotation to order by (`person_ref` names the
    person from the outer query)."""
    if not requirements:
        return Value(0)
    # One sub-query a person: the person's rows for these activities (one index
    # range on person), each adding the requirements it meets; (person,
    # activity) is unique in the projection, so each requirement counts once.
    # Not a sub-query a requirement (7 index probes a person: 40 ms of an
    # area's first page), nor EXISTS, which PostgreSQL turns into a hashed
    # sub-plan reading every person's progress on the activity (2.7 s for an
    # area's 4,788 people).
    met_by_row: Combinable = Value(0)
    for requirement in requirements:
        condition = Q(activity_id=requirement.activity_id) & done_q(requirement.kind)
        if requirement.retraining_version:
            condition &= version_at_least_q(requirement.retraining_version)
        if requirement.ranks:
            condition &= In(OuterRef(f"{person_ref}__rank"), list(requirement.ranks))
        met_by_row = met_by_row + Case(When(condition, then=Value(1)), default=Value(0))
    rows = (
        Progress.objects.filter(
            person=OuterRef(person_ref),
            activity_id__in=[r.activity_id for r in requirements],
        )
        .order_by()
        .values("person")
        .annotate(met=Sum(met_by_row))
        .values("met")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def requirement_state(
    requirement: Requirement, progress: Progress | None, url: str | None = None
) -> RequirementState:
    """`url`: the requirement's page address when the caller already has it
    (a matrix of many people), else looked up."""
    url = requirement_url(requirement) if url is None else url
    if progress is None:
        label = (
            _("Not booked yet")
            if requirement.kind == Requirement.Kind.BRIEFING
            else _("Not started")
        )
        return RequirementState(requirement, False, label, 0, None, "", url)
    version = progress.content_version or ""
    started = progress.status != Progress.Status.NOT_STARTED
    done = progress.status in DONE[requirement.kind]
    outdated = done and _outdated(requirement, version)
    if done and not outdated:
        label = (
            _("Passed") if progress.status == Progress.Status.PASSED else _("Completed")
        )
        return RequirementState(
            requirement, True, label, 100, progress.completed_at, version, url, started
        )
    if outdated:
        label = _("Updated: take it again")
        percent = 0
    elif requirement.kind == Requirement.Kind.BRIEFING:
        label, percent = _("Not booked yet"), 0
    elif progress.status == Progress.Status.FAILED:
        label, percent = _("Not passed yet"), 0
    else:
        percent = int(round((progress.progress or 0) * 100))
        label = _("In progress (%(percent)s%%)") % {"percent": percent}
    return RequirementState(
        requirement, False, label, percent, None, version, url, started
    )


def requirement_states(
    *, person: Person, programme: Programme
) -> list[RequirementState]:
    """The requirements that apply to the person, each with its state (3 queries)."""
    requirements = [
        r
        for r in programme.requirements.select_related(
            "module", "package", "quiz"
        ).order_by("sort_order")
        if r.applies_to(person)
    ]
    progress = {
        p.activity_id: p
        for p in Progress.objects.filter(
            person=person, activity_id__in=[r.activity_id for r in requirements]
        )
    }
    modules = [r.module for r in requirements if r.kind == Requirement.Kind.MODULE]
    watched = watched_shares(person_ids=[person.pk], modules=modules)
    for (_person, activity_id), share in watched.items():
        if activity_id in progress:  # a video's progress is its credited share
            progress[activity_id].progress = share
    return [requirement_state(r, progress.get(r.activity_id)) for r in requirements]


@dataclass
class ProgrammeView:
    assignment: Assignment
    states: list[RequirementState]
    certificate: Certificate | None
    today: date
    next_booking: Booking | None = None
    #: Why a rule named the person into this programme (a targeted refresher).
    nomination: Nomination | None = None

    @property
    def programme(self) -> Programme:
        return self.assignment.programme

    @property
    def met(self) -> int:
        return sum(1 for state in self.states if state.met)

    @property
    def percent(self) -> int:
        return round(100 * self.met / len(self.states)) if self.states else 0

    @property
    def complete(self) -> bool:
        return self.assignment.completed_at is not None

    @property
    def overdue(self) -> bool:
        return is_overdue(self.assignment, self.today)

    @property
    def next_step(self) -> RequirementState | None:
        """Where to continue: the first unmet requirement with a page to open."""
        return next((s for s in self.states if not s.met and s.url), None)


def learner_programmes(
    *, person: Person, today: date | None = None
) -> list[ProgrammeView]:
    """The person's current programmes, soonest due first."""
    today = today or timezone.localdate()
    assignments = (
        Assignment.objects.current()
        .filter(person=person)
        .select_related("programme")
        .order_by("due_on", "programme__name")
    )
    certificates = {
        c.assignment_id: c
        for c in Certificate.objects.filter(person=person, superseded_at__isnull=True)
    }
    nominations = {n.programme_id: n for n in Nomination.objects.filter(person=person)}
    upcoming = list(
        Booking.objects.upcoming(today)
        .filter(person=person)
        .select_related("session__requirement")
        .order_by("session__date", "session__start")
    )
    views = []
    for a in assignments:
        states = requirement_states(person=person, programme=a.programme)
        mine = [
            b
            for b in upcoming
            if b.session.requirement_id
            and b.session.requirement.programme_id == a.programme_id
        ]
        for state in states:
            booking = next(
                (b for b in mine if b.session.requirement_id == state.requirement.pk),
                None,
            )
            if booking is not None and not state.met:
                state.booking = booking
                if state.requirement.kind == Requirement.Kind.BRIEFING:
                    state.label = _("Booked: %(when)s") % {
                        "when": f"{booking.session.date:%-d %b} "
                        f"{booking.session.start:%H:%M}"
                    }
        views.append(
            ProgrammeView(
                assignment=a,
                states=states,
                certificate=certificates.get(a.pk),
                today=today,
                next_booking=mine[0] if mine else None,
                nomination=nominations.get(a.programme_id),
            )
        )
    return views


def team_nominations(*, team_ids: frozenset[int]) -> list[Nomination]:
    """People in these teams named into a programme by a rule (My teams), with
    their current assignment's standing; latest first."""
    nominations = list(
        Nomination.objects.filter(person__team_id__in=team_ids, person__active=True)
        .select_related("person", "programme")
        .order_by("-nominated_at", "pk")
    )
    current = {
        (a.programme_id, a.person_id): a
        for a in Assignment.objects.current().filter(
            person_id__in={n.person_id for n in nominations},
            programme_id__in={n.programme_id for n in nominations},
        )
    }
    for nomination in nominations:
        nomination.assignment = current.get(
            (nomination.programme_id, nomination.person_id)
        )
    return nominations
