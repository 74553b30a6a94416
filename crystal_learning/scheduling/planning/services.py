"""Plans kept and published: a draft holds the solver's result; publishing it
books everyone (creating sessions from the template where the plan needs them).

Re-planning changes only what the draft lists: it moves a booking only to the
new place it found for the person, cancels only bookings a plan made that no
longer hold (the person no longer needs the briefing, or cannot attend and has
no new place), and leaves every other booking, above all those a person or a
manager made by hand, as it was. Publishing reports each of these as it
happened: booked, waitlisted, moved, cancelled, kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Requirement

from ..models import Booking, DraftPlan, TrainingSession
from ..services import BOOKED_BY_PLAN, BookingRefused, booking_cancel, booking_create
from . import problem, solver
from .instance import Built, SessionTemplate, parse_new_session_key, plan_build
from .outcome import heat_map, shift_map, unplaced_reasons


def _existing_bookings(built: Built, result: problem.Plan) -> dict:
    """What the plan does with the bookings already made: move (the person has
    a new place), cancel (a plan's booking that no longer holds), and how many
    stay as they are."""
    assigned = {int(p) for p, _s in result.assignments}
    moves = [b for b in built.invalid if b.person_id in assigned]
    stays = [b for b in built.invalid if b.person_id not in assigned]
    return {
        "kept": len(built.kept) + len([b for b in stays if not b.by_plan]),
        "move": [b.pk for b in moves],
        "cancel": [b.pk for b in built.withdrawn] + [b.pk for b in stays if b.by_plan],
    }


@transaction.atomic
def plan_create(
    *,
    requirement: Requirement,
    starts_on: date,
    ends_on: date,
    template: SessionTemplate | None = None,
    templates: list[SessionTemplate] | None = None,
    by=None,
) -> DraftPlan:
    """Plan and keep the result as a draft (nothing is booked or created)."""
    if ends_on < starts_on:
        raise ValueError(_("The plan ends before it starts."))
    templates = list(templates or ([template] if template else []))
    built = plan_build(
        requirement=requirement,
        starts_on=starts_on,
        ends_on=ends_on,
        templates=templates,
    )
    result = solver.plan(built.instance)
    data = {
        "assignments": [
            [int(p), s if s.startswith("new:") else int(s)]
            for p, s in result.assignments
        ],
        "templates": [t.as_json() for t in templates],
        "unassigned": [int(p) for p in result.unassigned]
        + [p.pk for p in built.no_pattern],
        "no_pattern": [p.pk for p in built.no_pattern],
        **_existing_bookings(built, result),
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
        "shift_map": shift_map(built, result),
        "unplaced_reasons": unplaced_reasons(built, result),
        "ignored_sessions": [
            [s, reason] for s, reason in getattr(result, "ignored_sessions", [])
        ],
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
    cancelled: int = 0
    kept: int = 0
    refused: list[str] = field(default_factory=list)


def _plan_sessions(plan: DraftPlan, report: Published) -> dict:
    """The plan's sessions by key: existing ones, and new ones from the template."""
    assignments = plan.result["assignments"]
    sessions = TrainingSession.objects.in_bulk(
        [s for _p, s in assignments if isinstance(s, int)]
    )
    templates = plan.result.get("templates") or [plan.result.get("template")]
    requirement = plan.requirement
    briefing = requirement.kind == Requirement.Kind.BRIEFING
    for key in sorted({s for _p, s in assignments if isinstance(s, str)}):
        day, index = parse_new_session_key(key)
        template = templates[index]
        sessions[key] = TrainingSession.objects.create(
            kind=TrainingSession.Kind.BRIEFING
            if briefing
            else TrainingSession.Kind.ELEARNING,
            title=(
                requirement.label
                if briefing
                else _("Protected time: %(label)s") % {"label": requirement.label}
            )[:120],
            requirement=requirement,
            date=day,
            start=time.fromisoformat(template["start"]),
            end=time.fromisoformat(template["end"]),
            venue=template["venue"],
            capacity=template["capacity"],
            duty_code=template.get("code") or "",
        )
        report.created += 1
    return sessions


def _book(*, plan, person, session, moving, report, by) -> None:
    """Book one assignment; a person moving gives up their old place only once
    the new one is theirs."""
    if (
        Booking.objects.filter(session=session, person=person)
        .exclude(status=Booking.Status.CANCELLED)
        .exists()
    ):
        return  # booked there since the draft: that booking stays as it is
    try:
        booking = booking_create(
            session=session, person=person, by=by, note=f"{BOOKED_BY_PLAN} {plan.pk}"
        )
    except BookingRefused as refusal:
        report.refused.append(f"{person.display_name}: {refusal}")
        return
    old = moving.get(person.pk)
    if booking.status != Booking.Status.BOOKED:
        report.waitlisted += 1
    elif old is not None:
        booking_cancel(
            booking=old, by=by, note=f"moved by re-planning (plan {plan.pk})"
        )
        report.moved += 1
    else:
        report.booked += 1


@transaction.atomic
def plan_publish(*, plan: DraftPlan, by=None) -> Published:
    """Book everyone in the plan (notifications with ICS go out after commit)."""
    plan = DraftPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != DraftPlan.Status.DRAFT:
        raise BookingRefused(_("Only a draft plan can be published."))
    if "assignments" not in (plan.result or {}):
        raise BookingRefused(_("This plan has no result to publish: plan it again."))
    report = Published()
    held = list(
        Booking.objects.active()
        .filter(session__requirement=plan.requirement)
        .values_list("pk", flat=True)
    )
    # First free the places the plan gave up, then move, then book the rest.
    for booking in Booking.objects.active().filter(
        pk__in=plan.result.get("cancel", [])
    ):
        booking_cancel(
            booking=booking, by=by, note=f"cancelled by re-planning (plan {plan.pk})"
        )
        report.cancelled += 1
    moving = {
        b.person_id: b
        for b in Booking.objects.active().filter(pk__in=plan.result.get("move", []))
    }
    people = Person.objects.in_bulk([p for p, _s in plan.result["assignments"]])
    sessions = _plan_sessions(plan, report)
    assignments = sorted(
        plan.result["assignments"], key=lambda pair: pair[0] not in moving
    )
    for person_pk, session_key in assignments:
        _book(
            plan=plan,
            person=people[person_pk],
            session=sessions[session_key],
            moving=moving,
            report=report,
            by=by,
        )
    report.kept = Booking.objects.active().filter(pk__in=held).count()
    DraftPlan.objects.filter(
        requirement=plan.requirement, status=DraftPlan.Status.PUBLISHED
    ).update(status=DraftPlan.Status.SUPERSEDED)
    plan.status = DraftPlan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at"])
    return report
