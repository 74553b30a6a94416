"""Plans from the database: build a planner instance for a briefing, keep it as a
draft, publish it into bookings.

Re-planning keeps every published booking that is still valid (the person is
still assigned and active, still needs the briefing, and may still attend that
day): those people are not planned again, and their places count against the
session's capacity and their team's cap. Only people whose booking became
invalid (absence, a move, a changed roster) are planned again, so the fewest
possible people move.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from crystal_learning.people.models import Absence, Person, ShiftPattern, Team
from crystal_learning.programmes.models import Assignment, Requirement
from crystal_learning.programmes.selectors import DONE
from crystal_learning.xapi.models import Progress

from . import abstraction, planner
from .models import AbstractionPolicy, Booking, DraftPlan, TrainingSession
from .services import BookingRefused, booking_cancel, booking_create

A_MONDAY = date(2024, 1, 1)
DEFAULT_POLICY = planner.Policy(
    cap_share=abstraction.DEFAULT_CAP_SHARE,
    min_release=abstraction.DEFAULT_MIN_RELEASE,
    training_duty_codes=abstraction.DEFAULT_TRAINING_DUTY_CODES,
    allow_rest_days=abstraction.DEFAULT_ALLOW_REST_DAYS,
)


def _planner_policy(policy: AbstractionPolicy) -> planner.Policy:
    return planner.Policy(
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
    instance: planner.Instance
    people: dict[str, Person]
    sessions: dict[str, TrainingSession]
    kept: list[Booking] = field(default_factory=list)
    invalid: list[Booking] = field(default_factory=list)
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


def plan_build(
    *,
    requirement: Requirement,
    starts_on: date,
    ends_on: date,
    template: SessionTemplate | None = None,
) -> Built:
    """The planner instance for everyone who still needs this briefing."""
    programme = requirement.programme
    assigned = [
        a.person
        for a in Assignment.objects.current()
        .filter(programme=programme, person__active=True)
        .select_related("person__team__shift_pattern")
        if requirement.applies_to(a.person)
    ]
    met = set(
        Progress.objects.filter(
            activity_id=requirement.activity_id,
            status__in=DONE[Requirement.Kind.BRIEFING],
        ).values_list("person_id", flat=True)
    )
    needing = {p.pk: p for p in assigned if p.pk not in met}
    teams = {p.team_id: p.team for p in needing.values()}
    members = list(
        Person.objects.filter(team_id__in=teams, active=True).select_related("team")
    )
    absences = defaultdict(list)
    for absence in Absence.objects.filter(
        person__in=members, ends_on__gte=starts_on, starts_on__lte=ends_on
    ):
        absences[absence.person_id].append((absence.starts_on, absence.ends_on))
    policies = abstraction.policies_by_path()
    default = policies.get(None)
    instance_policy = _planner_policy(default) if default else DEFAULT_POLICY
    team_specs = {}
    no_pattern = []
    for team in teams.values():
        pattern = _pattern(team)
        if pattern is None:
            no_pattern.extend(p for p in needing.values() if p.team_id == team.pk)
            continue
        policy = abstraction.policy_for_team(team, policies)
        team_specs[str(team.pk)] = planner.TeamSpec(
            id=str(team.pk),
            pattern=pattern[0],
            pattern_start=pattern[1],
            min_staffing=abstraction.min_staffing(policy),
            policy=_planner_policy(policy) if policy and policy.team_id else None,
        )

    sessions = {
        str(s.pk): s
        for s in TrainingSession.objects.filter(
            requirement=requirement,
            cancelled=False,
            date__gte=max(starts_on, timezone.localdate()),
            date__lte=ends_on,
        )
    }
    # Published bookings: keep the valid ones, note the ones to move.
    rules = planner.Instance(starts_on, 1, instance_policy, team_specs, [], [])
    kept, invalid = [], []
    fixed_load: dict[tuple[str, date], int] = defaultdict(int)
    taken: dict[str, int] = defaultdict(int)
    for booking in Booking.objects.filter(
        session__requirement=requirement, status=Booking.Status.BOOKED
    ).select_related("session", "person__team"):
        person = booking.person
        day = booking.session.date
        team_id = str(person.team_id)
        ok = person.pk in needing and team_id in team_specs
        if ok and day >= starts_on:
            person_spec = planner.PersonSpec(
                id=str(person.pk), team=team_id, absences=tuple(absences[person.pk])
            )
            ok = planner.eligible(rules, person_spec, day)[0]
        if ok:
            kept.append(booking)
            needing.pop(person.pk, None)
            fixed_load[team_id, day] += 1
            taken[str(booking.session_id)] += 1
        else:
            invalid.append(booking)
    # Other training the same people are booked on also takes them off duty.
    for booking in (
        Booking.objects.filter(
            person__in=members,
            status=Booking.Status.BOOKED,
            session__date__gte=starts_on,
            session__date__lte=ends_on,
        )
        .exclude(session__requirement=requirement)
        .select_related("session", "person")
    ):
        fixed_load[str(booking.person.team_id), booking.session.date] += 1

    people_specs = [
        planner.PersonSpec(
            id=str(p.pk),
            team=str(p.team_id),
            absences=tuple(absences.get(p.pk, ())),
            needs=p.pk in needing,
        )
        for p in members
        if str(p.team_id) in team_specs
    ]
    session_specs = [
        planner.SessionSpec(
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
                planner.SessionSpec(
                    id=f"new:{day.isoformat()}",
                    date=day,
                    start=f"{template.start:%H:%M}",
                    end=f"{template.end:%H:%M}",
                    capacity=template.capacity,
                )
            )
    instance = planner.Instance(
        start=starts_on,
        horizon_days=(ends_on - starts_on).days + 1,
        policy=instance_policy,
        teams=team_specs,
        people=people_specs,
        sessions=session_specs,
        fixed_load=dict(fixed_load),
    )
    return Built(
        instance=instance,
        people={str(p.pk): p for p in members},
        sessions=sessions,
        kept=kept,
        invalid=invalid,
        no_pattern=no_pattern,
    )


def heat_map(built: Built, result: planner.Plan) -> dict:
    """Team x day: people in training (published + planned) against the cap."""
    instance = built.instance
    members = defaultdict(list)
    for person in instance.people:
        members[person.team].append(person)
    load = defaultdict(int, instance.fixed_load)
    session_days = {s.id: s.date for s in instance.sessions}
    for person_id, session_id in result.assignments:
        team_id = str(built.people[person_id].team_id)
        load[team_id, session_days[session_id]] += 1
    days = sorted(set(session_days.values()))
    rows = []
    for team_id, team in sorted(instance.teams.items()):
        cells = []
        for day in days:
            cap = planner.team_cap(instance, team, day, members[team_id])
            cells.append([load.get((team_id, day), 0), cap])
        rows.append({"team": team_id, "cells": cells})
    return {"days": [d.isoformat() for d in days], "rows": rows}


@transaction.atomic
def plan_create(
    *,
    requirement: Requirement,
    starts_on: date,
    ends_on: date,
    template: SessionTemplate | None = None,
    by=None,
) -> DraftPlan:
    """Plan and keep the result as a draft (nothing is booked or created)."""
    if ends_on < starts_on:
        raise ValueError("The plan ends before it starts.")
    built = plan_build(
        requirement=requirement, starts_on=starts_on, ends_on=ends_on, template=template
    )
    result = planner.plan(built.instance)
    data = {
        "assignments": [
            [int(p), s if s.startswith("new:") else int(s)]
            for p, s in result.assignments
        ],
        "template": template.as_json() if template else None,
        "unassigned": [int(p) for p in result.unassigned]
        + [p.pk for p in built.no_pattern],
        "no_pattern": [p.pk for p in built.no_pattern],
        "kept": len(built.kept),
        "move": [b.pk for b in built.invalid],
        "finish_date": result.finish_date.isoformat() if result.finish_date else None,
        "lower_bound_date": result.lower_bound_date.isoformat()
        if result.lower_bound_date
        else None,
        "finish_day": result.day_number(built.instance, result.finish_date),
        "bound_day": result.day_number(built.instance, result.lower_bound_date),
        "ratio": result.ratio(built.instance),
        "rest_day_assignments": result.rest_day_assignments,
        "solve_seconds": round(result.solve_seconds, 3),
        "heat_map": heat_map(built, result),
        "team_names": {str(p.team_id): p.team.name for p in built.people.values()},
    }
    return DraftPlan.objects.create(
        requirement=requirement,
        starts_on=starts_on,
        ends_on=ends_on,
        created_at=timezone.now(),
        created_by=by,
        result=data,
    )


@dataclass
class Published:
    booked: int = 0
    waitlisted: int = 0
    created: int = 0
    moved: int = 0
    refused: list[str] = field(default_factory=list)


@transaction.atomic
def plan_publish(*, plan: DraftPlan, by=None) -> Published:
    """Book everyone in the plan (notifications with ICS go out after commit)."""
    plan = DraftPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != DraftPlan.Status.DRAFT:
        raise BookingRefused("Only a draft plan can be published.")
    if "assignments" not in (plan.result or {}):
        raise BookingRefused("This plan has no result to publish: plan it again.")
    report = Published()
    for booking in Booking.objects.filter(pk__in=plan.result.get("move", [])):
        if booking.status == Booking.Status.BOOKED:
            booking_cancel(booking=booking, by=by, note="moved by re-planning")
            report.moved += 1
    people = Person.objects.in_bulk([p for p, _s in plan.result["assignments"]])
    sessions = TrainingSession.objects.in_bulk(
        [s for _p, s in plan.result["assignments"] if isinstance(s, int)]
    )
    template = plan.result.get("template")
    for key in {s for _p, s in plan.result["assignments"] if isinstance(s, str)}:
        day = date.fromisoformat(key.removeprefix("new:"))
        sessions[key] = TrainingSession.objects.create(
            kind=TrainingSession.Kind.BRIEFING,
            title=plan.requirement.label,
            requirement=plan.requirement,
            date=day,
            start=time.fromisoformat(template["start"]),
            end=time.fromisoformat(template["end"]),
            venue=template["venue"],
            capacity=template["capacity"],
        )
        report.created += 1
    for person_pk, session_pk in plan.result["assignments"]:
        try:
            booking = booking_create(
                session=sessions[session_pk], person=people[person_pk], by=by
            )
        except BookingRefused as refusal:
            report.refused.append(f"{people[person_pk].display_name}: {refusal}")
            continue
        if booking.status == Booking.Status.BOOKED:
            report.booked += 1
        else:
            report.waitlisted += 1
    DraftPlan.objects.filter(
        requirement=plan.requirement, status=DraftPlan.Status.PUBLISHED
    ).update(status=DraftPlan.Status.SUPERSEDED)
    plan.status = DraftPlan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at"])
    return report
