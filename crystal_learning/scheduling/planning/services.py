"""Plans kept and published: a draft holds the solver's result; publishing it
books everyone (creating sessions from the template where the plan needs them)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time

from django.db import transaction
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Requirement

from ..models import Booking, DraftPlan, TrainingSession
from ..services import BookingRefused, booking_cancel, booking_create
from . import problem, solver
from .instance import Built, SessionTemplate, plan_build


def heat_map(built: Built, result: problem.Plan) -> dict:
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
            cap = problem.team_cap(instance, team, day, members[team_id])
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
    result = solver.plan(built.instance)
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
