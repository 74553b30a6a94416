"""Writes for programmes: assignments in step with the audience, completions.

- `assignments_sync` assigns everyone in a programme's audience who is not yet
  assigned and ends the assignments of people who left it (a team move, a rank
  change, a leaver). Idempotent; every change is an `AssignmentEvent`. Learning
  belongs to the person, not the assignment: someone who moves keeps their
  completions, and is completed at once if they already meet a programme.
- `people_changed` and `programme_progress_changed` answer the people app's
  and the learning record's signals (receivers.py, connected in apps.py),
  inside the sender's transaction.
- `programme_completion_check` completes an assignment when every requirement
  that applies to the person is met: a certificate and one
  `programme_completed` statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from crystal_learning.people.models import Person
from crystal_learning.people.selectors import team_subtree_q
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.activities import ActivityKind, activity_keys
from crystal_learning.xapi.pipeline import statements_record

from .models import (
    Assignment,
    AssignmentEvent,
    Certificate,
    Nomination,
    Programme,
    Requirement,
)
from .selectors import requirement_states


@dataclass
class SyncReport:
    assigned: list[int] = field(default_factory=list)
    unassigned: list[int] = field(default_factory=list)
    completed: list[int] = field(default_factory=list)


def audience_q(programme: Programme) -> Q:
    """People in the programme's audience (active people only): those its rules
    match and those a rule named into it (a `Nomination`: targeted refreshers)."""
    query = Q(pk__in=Nomination.objects.filter(programme=programme).values("person"))
    for rule in programme.audience_rules.all():
        condition = Q()
        if rule.team_id:
            condition &= team_subtree_q([rule.team], prefix="team__")
        if rule.team_kinds:
            condition &= Q(team__kind__in=rule.team_kinds)
        if rule.ranks:
            condition &= Q(rank__in=rule.ranks)
        query |= condition
    return Q(active=True) & query


def _event(assignment: Assignment, kind: str, at: datetime, **detail) -> None:
    AssignmentEvent.objects.create(
        assignment=assignment, kind=kind, at=at, detail=detail
    )


def _with_learning(audience, created: list[Assignment]) -> set[int]:
    """Of the people just assigned, those with any progress recorded."""
    from crystal_learning.xapi.models import Progress

    if not created:
        return set()
    return set(
        Progress.objects.filter(person__in=audience)
        .values_list("person_id", flat=True)
        .distinct()
    )


@transaction.atomic
def assignments_sync(
    *,
    programmes: Iterable[Programme] | None = None,
    person_ids: Iterable[int] | None = None,
    today: date | None = None,
) -> SyncReport:
    """Bring assignments in step with audiences (all people, or just these)."""
    now = timezone.now()
    today = today or timezone.localdate()
    report = SyncReport()
    if programmes is None:
        programmes = Programme.objects.filter(active=True).prefetch_related(
            "audience_rules__team"
        )
    ids = set(person_ids) if person_ids is not None else None
    for programme in programmes:
        if not programme.active:
            continue
        audience = Person.objects.filter(audience_q(programme))
        current = Assignment.objects.current().filter(programme=programme)
        if ids is not None:
            audience = audience.filter(pk__in=ids)
            current = current.filter(person_id__in=ids)
        wanted = set(audience.values_list("pk", flat=True))
        have = {a.person_id: a for a in current}
        # In bulk (an HR import assigns thousands); only someone with a learning
        # record can already meet the programme (every requirement is progress).
        created = Assignment.objects.bulk_create(
            Assignment(
                programme=programme,
                person_id=person_id,
                assigned_on=today,
                due_on=programme.due_for(today),
            )
            for person_id in sorted(wanted - have.keys())
        )
        AssignmentEvent.objects.bulk_create(
            AssignmentEvent(
                assignment=a, kind=AssignmentEvent.Kind.ASSIGNED, at=now, detail={}
            )
            for a in created
        )
        learning = _with_learning(audience, created)
        for assignment in created:
            report.assigned.append(assignment.person_id)
            if assignment.person_id in learning and programme_completion_check(
                assignment=assignment, now=now
            ):
                report.completed.append(assignment.person_id)
        for person_id in sorted(have.keys() - wanted):
            assignment = have[person_id]
            assignment.ended_on = today
            assignment.save(update_fields=["ended_on"])
            _event(assignment, AssignmentEvent.Kind.UNASSIGNED, now)
            report.unassigned.append(person_id)
    return report


@dataclass
class ProgrammeSaved(SyncReport):
    audience: int = 0


@transaction.atomic
def programme_save(*, form) -> tuple[Programme, ProgrammeSaved]:
    """Save a programme from its admin form (with requirements and audience)
    and bring its assignments in step; the audience size warns when empty."""
    programme = form.save()
    report = ProgrammeSaved()
    if programme.active:
        synced = assignments_sync(programmes=[programme])
        report.assigned, report.unassigned = synced.assigned, synced.unassigned
        report.completed = synced.completed
    report.audience = Person.objects.filter(audience_q(programme)).count()
    return programme, report


def people_changed(*, person_ids: Iterable[int]) -> None:
    """Hook for the people app: these people joined, moved, or left."""
    assignments_sync(person_ids=person_ids)


def programme_completion_check(
    *, assignment: Assignment, now: datetime | None = None
) -> bool:
    """Complete the assignment if every applicable requirement is met."""
    if assignment.completed_at is not None or assignment.ended_on is not None:
        return False
    person = assignment.person
    states = requirement_states(person=person, programme=assignment.programme)
    if not states or not all(state.met for state in states):
        return False
    now = now or _met_at(assignment, states)
    assignment.completed_at = now
    assignment.save(update_fields=["completed_at"])
    versions = [
        {
            "requirement": state.requirement.label,
            "activity": state.requirement.activity_id,
            "version": state.version,
            "completed_at": state.completed_at.isoformat()
            if state.completed_at
            else None,
        }
        for state in states
    ]
    certificate = Certificate.objects.create(
        assignment=assignment,
        person=person,
        programme=assignment.programme,
        completed_at=now,
        versions=versions,
    )
    _event(
        assignment,
        AssignmentEvent.Kind.COMPLETED,
        now,
        certificate=str(certificate.uuid),
    )
    statements_record(
        statements=[
            build.programme_completed(
                staff_number=person.staff_number,
                # One completion statement per assignment (a retrained person
                # completes again under a new one).
                programme=assignment.programme.activity_ref(version=str(assignment.pk)),
                timestamp=now,
            )
        ],
        keep_existing=True,
    )
    return True


def programme_completions_restore() -> int:
    """Record the completion statement of every completed assignment whose
    statement is missing from the store (before a rebuild: receivers.py)."""
    from crystal_learning.xapi.agents import staff_number_of
    from crystal_learning.xapi.models import Statement
    from crystal_learning.xapi.projection import version_number
    from crystal_learning.xapi.vocabulary import CONTENT_VERSION, Verb

    completed = list(
        Assignment.objects.filter(completed_at__isnull=False).select_related(
            "person", "programme"
        )
    )
    statements = (
        Statement.objects.filter(
            verb_id=Verb.COMPLETED,
            activity_id__in={a.programme.activity_id for a in completed},
        )
        .recorded_by_platform()
        .values_list("payload", flat=True)
    )
    recorded = {
        (
            staff_number_of(payload.get("actor")),
            version_number(
                ((payload.get("context") or {}).get("extensions") or {}).get(
                    CONTENT_VERSION
                )
            ),
        )
        for payload in statements
    }
    missing = [a for a in completed if (a.person.staff_number, a.pk) not in recorded]
    for assignment in missing:
        statements_record(
            statements=[
                build.programme_completed(
                    staff_number=assignment.person.staff_number,
                    programme=assignment.programme.activity_ref(
                        version=str(assignment.pk)
                    ),
                    timestamp=assignment.completed_at,
                )
            ],
            keep_existing=True,
        )
    return len(missing)


def _met_at(assignment: Assignment, states) -> datetime:
    """When the programme was completed: when its last requirement was met (as
    recorded, so late-arriving statements date it right), not before the
    assignment began and never in the future."""
    now = timezone.now()
    met = [state.completed_at for state in states if state.completed_at]
    if not met:
        return now
    began = timezone.make_aware(
        datetime.combine(assignment.assigned_on, datetime.min.time())
    )
    return min(now, max(began, *met))


def programme_progress_changed(*, pairs: set[tuple[int, str]]) -> None:
    """Hook for the xAPI app: these people's progress on these activities moved.

    Cheap on the ingest path: no query unless an activity id is a module,
    package, quiz or briefing IRI, then one indexed query for the requirements
    it names.
    """
    keys = activity_keys(
        {activity for _person, activity in pairs},
        (
            ActivityKind.MODULE,
            ActivityKind.PACKAGE,
            ActivityKind.QUIZ,
            ActivityKind.BRIEFING,
        ),
    )
    if not keys:
        return
    query = Q(pk__in=[])
    if keys[ActivityKind.MODULE]:
        query |= Q(
            kind=Requirement.Kind.MODULE,
            module__translation_key__in=keys[ActivityKind.MODULE],
        )
    if keys[ActivityKind.PACKAGE]:
        query |= Q(
            kind=Requirement.Kind.PACKAGE,
            package__translation_key__in=keys[ActivityKind.PACKAGE],
        )
    if keys[ActivityKind.QUIZ]:
        query |= Q(
            kind=Requirement.Kind.QUIZ,
            quiz__translation_key__in=keys[ActivityKind.QUIZ],
        )
    if keys[ActivityKind.BRIEFING]:
        query |= Q(kind=Requirement.Kind.BRIEFING, uuid__in=keys[ActivityKind.BRIEFING])
    requirements = Requirement.objects.filter(
        query, programme__active=True
    ).select_related("module", "package", "quiz")
    programmes_by_activity = defaultdict(set)
    for requirement in requirements:
        programmes_by_activity[requirement.activity_id].add(requirement.programme_id)
    touched = defaultdict(set)
    for person_id, activity in pairs:
        for programme_id in programmes_by_activity.get(activity, ()):
            touched[programme_id].add(person_id)
    for programme_id, person_ids in touched.items():
        for assignment in (
            Assignment.objects.outstanding()
            .filter(programme_id=programme_id, person_id__in=person_ids)
            .select_related("person", "programme")
        ):
            programme_completion_check(assignment=assignment)


@dataclass
class RetrainingReport:
    people: list[int] = field(default_factory=list)
    superseded: int = 0


def retraining_affected(*, requirement: Requirement, version: int) -> list[int]:
    """People currently assigned whose completion of this requirement is of an
    earlier content version than `version`."""
    from crystal_learning.xapi.models import Progress
    from crystal_learning.xapi.projection import version_number

    from .selectors import DONE

    done = Progress.objects.filter(
        Assignment.objects.current_q(prefix="person__assignments__"),
        activity_id=requirement.activity_id,
        status__in=DONE[requirement.kind],
        person__assignments__programme=requirement.programme,
    ).values_list("person_id", "content_version")
    return sorted({pid for pid, v in done if version_number(v) < version})


@transaction.atomic
def retraining_require(
    *,
    requirement: Requirement,
    due_on: date,
    today: date | None = None,
) -> RetrainingReport:
    """The module or quiz has a new major version: completions of earlier
    versions no longer count for this programme.

    Everyone affected keeps their history: their current assignment (and any
    certificate) is closed as superseded, a new assignment with the new due date
    is opened, and they are told by e-mail. Coverage counts them as outstanding
    again until they complete the new version.
    """
    from .reminders import retraining_notify

    now = timezone.now()
    today = today or timezone.localdate()
    if requirement.kind == Requirement.Kind.BRIEFING:
        raise ValueError(_("A briefing has no content version to retrain on."))
    version = requirement.current_version or 1
    if due_on < today:
        raise ValueError(_("The new due date is in the past."))
    affected = retraining_affected(requirement=requirement, version=version)
    requirement.retraining_version = version
    requirement.retraining_since = today
    requirement.save(update_fields=["retraining_version", "retraining_since"])
    report = RetrainingReport()
    for assignment in (
        Assignment.objects.current()
        .filter(programme=requirement.programme, person_id__in=affected)
        .select_related("person__user", "programme")
    ):
        _event(
            assignment,
            AssignmentEvent.Kind.RETRAINING,
            now,
            requirement=requirement.label,
            version=version,
        )
        report.superseded += Certificate.objects.filter(
            assignment=assignment, superseded_at__isnull=True
        ).update(superseded_at=now)
        assignment.ended_on = today
        assignment.save(update_fields=["ended_on"])
        renewed = Assignment.objects.create(
            programme=assignment.programme,
            person=assignment.person,
            assigned_on=today,
            due_on=due_on,
        )
        _event(
            renewed,
            AssignmentEvent.Kind.ASSIGNED,
            now,
            reason="retraining",
            requirement=requirement.label,
            version=version,
        )
        retraining_notify(assignment=renewed, requirement=requirement, version=version)
        report.people.append(assignment.person_id)
    return report
