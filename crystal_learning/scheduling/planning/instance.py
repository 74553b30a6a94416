"""The planning problem built from the database, for one briefing.

Re-planning keeps every published booking that is still valid (the person is
still assigned and active, still needs the briefing, and may still attend that
day): those people are not planned again, and their places count against the
session's capacity and their team's cap. Only people whose booking became
invalid (absence, a move, a changed roster) are planned again, so the fewest
possible people move.

A booking of someone the plan does not cover (the requirement does not apply to
them, they are not assigned, have met it or left) is left alone when a person
or a manager made it by hand; only a booking a plan made is withdrawn then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from crystal_learning.people.models import Absence, Person, ShiftPattern, Team
from crystal_learning.programmes.models import Assignment, Requirement
from crystal_learning.programmes.selectors import DONE
from crystal_learning.xapi.models import Progress

from .. import abstraction
from ..models import AbstractionPolicy, Booking, BookingEvent, TrainingSession
from ..services import BOOKED_BY_PLAN
from . import problem

A_MONDAY = date(2024, 1, 1)
DEFAULT_POLICY = problem.Policy(
    cap_share=abstraction.DEFAULT_CAP_SHARE,
    min_release=abstraction.DEFAULT_MIN_RELEASE,
    training_duty_codes=abstraction.DEFAULT_TRAINING_DUTY_CODES,
    allow_rest_days=abstraction.DEFAULT_ALLOW_REST_DAYS,
)


def _planner_policy(policy: AbstractionPolicy) -> problem.Policy:
    return problem.Policy(
        cap_share=float(policy.cap_share),
        min_release=policy.min_release,
        training_duty_codes=frozenset(policy.codes),
        allow_rest_days=policy.allow_rest_days,
    )


def _pattern(team: Team) -> tuple[tuple[str, ...], date] | None:
    pattern = team.shift_pattern
    if pattern is None or not pattern.code_list:
        return None
    if pattern.kind == ShiftPattern.Kind.WEEKDAY:
        return tuple(pattern.code_list), A_MONDAY
    return tuple(pattern.code_list), pattern.anchor_date + timedelta(
        days=team.shift_offset
    )


@dataclass
class Built:
    instance: problem.Instance
    people: dict[str, Person]
    sessions: dict[str, TrainingSession]
    kept: list[Booking] = field(default_factory=list)
    invalid: list[Booking] = field(default_factory=list)
    withdrawn: list[Booking] = field(default_factory=list)
    no_pattern: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class SessionTemplate:
    """E.g. weekdays 10:00-12:00 at HQ, capacity 15: sessions made only for the
    days a published plan uses."""

    start: time
    end: time
    venue: str
    capacity: int
    weekdays_only: bool = True

    def days(self, starts_on: date, ends_on: date) -> list[date]:
        span = (ends_on - starts_on).days + 1
        days = [starts_on + timedelta(days=i) for i in range(span)]
        return [d for d in days if not self.weekdays_only or d.weekday() < 5]

    def as_json(self) -> dict:
        return {
            "start": f"{self.start:%H:%M}",
            "end": f"{self.end:%H:%M}",
            "venue": self.venue,
            "capacity": self.capacity,
            "weekdays_only": self.weekdays_only,
        }


def _people_needing(requirement: Requirement) -> dict[int, Person]:
    """Active people assigned to the programme, the requirement applies to them,
    and they have not met it yet."""
    assigned = [
        a.person
        for a in Assignment.objects.current()
        .filter(programme=requirement.programme, person__active=True)
        .select_related("person__team__shift_pattern")
        if requirement.applies_to(a.person)
    ]
    met = set(
        Progress.objects.filter(
            activity_id=requirement.activity_id,
            status__in=DONE[Requirement.Kind.BRIEFING],
        ).values_list("person_id", flat=True)
    )
    return {p.pk: p for p in assigned if p.pk not in met}


def _absences(
    members: list[Person], starts_on: date, ends_on: date
) -> defaultdict[int, list[tuple[date, date]]]:
    absences = defaultdict(list)
    for absence in Absence.objects.filter(
        person__in=members, ends_on__gte=starts_on, starts_on__lte=ends_on
    ):
        absences[absence.person_id].append((absence.starts_on, absence.ends_on))
    return absences


def _team_specs(
    teams: dict[int, Team], needing: dict[int, Person], policies: dict
) -> tuple[dict[str, problem.TeamSpec], list[Person]]:
    """Each team's pattern, staffing and policy; and the people of teams
    without a shift pattern, who cannot be planned."""
    team_specs = {}
    no_pattern = []
    for team in teams.values():
        pattern = _pattern(team)
        if pattern is None:
            no_pattern.extend(p for p in needing.values() if p.team_id == team.pk)
            continue
        policy = abstraction.policy_for_team(team, policies)
        team_specs[str(team.pk)] = problem.TeamSpec(
            id=str(team.pk),
            pattern=pattern[0],
            pattern_start=pattern[1],
            min_staffing=abstraction.min_staffing(policy),
            policy=_planner_policy(policy) if policy and policy.team_id else None,
        )
    return team_specs, no_pattern


@dataclass
class _Published:
    """Published bookings of the briefing: kept (still valid, or not the
    plan's to change), invalid (the person still needs the briefing but cannot
    attend that day: planned again) and withdrawn (a plan's booking of someone
    who no longer needs the briefing). Each booking has `by_plan`."""

    kept: list[Booking] = field(default_factory=list)
    invalid: list[Booking] = field(default_factory=list)
    withdrawn: list[Booking] = field(default_factory=list)
    fixed_load: defaultdict[tuple[str, date], int] = field(
        default_factory=lambda: defaultdict(int)
    )
    taken: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))


def _published(
    *,
    requirement: Requirement,
    rules: problem.Instance,
    needing: dict[int, Person],
    absences: defaultdict[int, list[tuple[date, date]]],
    starts_on: date,
) -> _Published:
    """Keep the published bookings still valid, note the ones to move. The
    people kept are taken out of `needing`: they are not planned again."""
    published = _Published()
    planned = BookingEvent.objects.filter(
        booking=OuterRef("pk"), note__startswith=BOOKED_BY_PLAN
    )
    for booking in (
        Booking.objects.active()
        .filter(session__requirement=requirement)
        .annotate(by_plan=Exists(planned))
        .select_related("session", "person__team")
    ):
        person = booking.person
        day = booking.session.date
        team_id = str(person.team_id)
        if person.pk not in needing and booking.by_plan:
            published.withdrawn.append(booking)
            continue
        ok = person.pk in needing and team_id in rules.teams
        if ok and day >= starts_on:
            person_spec = problem.PersonSpec(
                id=str(person.pk), team=team_id, absences=tuple(absences[person.pk])
            )
            ok = problem.eligible(rules, person_spec, day)[0]
        if not ok and person.pk in needing and team_id in rules.teams:
            published.invalid.append(booking)
            if not booking.by_plan:  # it may stay: its place stays held
                published.taken[str(booking.session_id)] += 1
            continue
        # Valid, or made by hand for someone the plan cannot (or need not)
        # plan: it stays, and holds its place.
        published.kept.append(booking)
        needing.pop(person.pk, None)
        published.fixed_load[team_id, day] += 1
        published.taken[str(booking.session_id)] += 1
    return published


def _other_training(
    *,
    requirement: Requirement,
    members: list[Person],
    starts_on: date,
    ends_on: date,
    fixed_load: defaultdict[tuple[str, date], int],
) -> None:
    """Other training the same people are booked on also takes them off duty."""
    for booking in (
        Booking.objects.abstracting()
        .filter(
            person__in=members,
            session__date__gte=starts_on,
            session__date__lte=ends_on,
        )
        .exclude(session__requirement=requirement)
        .select_related("session", "person")
    ):
        fixed_load[str(booking.person.team_id), booking.session.date] += 1


def _session_specs(
    *,
    sessions: dict[str, TrainingSession],
    taken: dict[str, int],
    template: SessionTemplate | None,
    starts_on: date,
    ends_on: date,
) -> list[problem.SessionSpec]:
    """The existing sessions' free places, and a new session from the template
    on each day that has none at that time."""
    session_specs = [
        problem.SessionSpec(
            id=sid,
            date=s.date,
            start=f"{s.start:%H:%M}",
            end=f"{s.end:%H:%M}",
            capacity=max(0, s.capacity - taken.get(sid, 0)),
        )
        for sid, s in sessions.items()
    ]
    if template is not None:
        taken_days = {(s.date, s.start) for s in sessions.values()}
        for day in template.days(max(starts_on, timezone.localdate()), ends_on):
            if (day, template.start) in taken_days:
                continue
            session_specs.append(
                problem.SessionSpec(
                    id=f"new:{day.isoformat()}",
                    date=day,
                    start=f"{template.start:%H:%M}",
                    end=f"{template.end:%H:%M}",
                    capacity=template.capacity,
                )
            )
    return session_specs


def plan_build(
    *,
    requirement: Requirement,
    starts_on: date,
    ends_on: date,
    template: SessionTemplate | None = None,
) -> Built:
    """The planner instance for everyone who still needs this briefing."""
    needing = _people_needing(requirement)
    teams = {p.team_id: p.team for p in needing.values()}
    members = list(
        Person.objects.filter(team_id__in=teams, active=True).select_related("team")
    )
    absences = _absences(members, starts_on, ends_on)
    policies = abstraction.policies_by_path()
    default = policies.get(None)
    instance_policy = _planner_policy(default) if default else DEFAULT_POLICY
    team_specs, no_pattern = _team_specs(teams, needing, policies)
    sessions = {
        str(s.pk): s
        for s in TrainingSession.objects.filter(
            requirement=requirement,
            cancelled=False,
            date__gte=max(starts_on, timezone.localdate()),
            date__lte=ends_on,
        )
    }
    rules = problem.Instance(starts_on, 1, instance_policy, team_specs, [], [])
    published = _published(
        requirement=requirement,
        rules=rules,
        needing=needing,
        absences=absences,
        starts_on=starts_on,
    )
    _other_training(
        requirement=requirement,
        members=members,
        starts_on=starts_on,
        ends_on=ends_on,
        fixed_load=published.fixed_load,
    )
    people_specs = [
        problem.PersonSpec(
            id=str(p.pk),
            team=str(p.team_id),
            absences=tuple(absences.get(p.pk, ())),
            needs=p.pk in needing,
        )
        for p in members
        if str(p.team_id) in team_specs
    ]
    instance = problem.Instance(
        start=starts_on,
        horizon_days=(ends_on - starts_on).days + 1,
        policy=instance_policy,
        teams=team_specs,
        people=people_specs,
        sessions=_session_specs(
            sessions=sessions,
            taken=published.taken,
            template=template,
            starts_on=starts_on,
            ends_on=ends_on,
        ),
        fixed_load=dict(published.fixed_load),
    )
    return Built(
        instance=instance,
        people={str(p.pk): p for p in members},
        sessions=sessions,
        kept=published.kept,
        invalid=published.invalid,
        withdrawn=published.withdrawn,
        no_pattern=[p for p in no_pattern if p.pk in needing],
    )
