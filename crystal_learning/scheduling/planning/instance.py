"""The planning problem built from the database, for one requirement: a
briefing (its sessions), or protected e-learning time for a module, quiz or
package (slots inside shifts, `SessionSpec.code`).

Rosters come from `people/duty.py` (a person's own pattern from its first day,
else the team's), absences with their types, and each team's policy with its
minimum per shift (`abstraction.shift_minimums`).

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
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from crystal_learning.people.duty import Roster, own_roster, team_roster
from crystal_learning.people.models import Absence, Person, Team
from crystal_learning.programmes.models import Assignment, Requirement
from crystal_learning.programmes.selectors import requirement_met
from crystal_learning.xapi.models import Progress

from .. import abstraction
from ..models import AbstractionPolicy, Booking, BookingEvent, TrainingSession
from ..services import BOOKED_BY_PLAN
from . import problem

#: Absence.Kind values as the planner's absence types.
ABSENCE_TYPES = {
    Absence.Kind.LEAVE: "annual_leave",
    Absence.Kind.SICKNESS: "sickness",
    Absence.Kind.COURSE: "course",
    Absence.Kind.COURT: "court",
    Absence.Kind.RESTRICTED: problem.RESTRICTED_DUTIES,
}
#: A team without a pattern whose people have their own: off duty but for them.
ALL_REST = Roster((problem.REST,), date(2024, 1, 1))
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
    days a published plan uses. With a duty `code`, a slot inside that shift
    (only people on it that day may take it)."""

    start: time
    end: time
    venue: str
    capacity: int
    weekdays_only: bool = True
    code: str | None = None

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
            "code": self.code,
        }


def people_needing(requirement: Requirement) -> dict[int, Person]:
    """Active people assigned to the programme, the requirement applies to them,
    and they have not met it (`requirement_met`: done, on the version
    retraining asks for)."""
    assigned = [
        a.person
        for a in Assignment.objects.current()
        .filter(programme=requirement.programme, person__active=True)
        .select_related("person__team__shift_pattern", "person__shift_pattern")
        if requirement.applies_to(a.person)
    ]
    progress = {
        p.person_id: p
        for p in Progress.objects.filter(
            activity_id=requirement.activity_id,
            person__in=[p.pk for p in assigned],
        )
    }
    return {
        p.pk: p
        for p in assigned
        if not requirement_met(requirement, progress.get(p.pk))
    }


def _absences(
    members: list[Person], starts_on: date, ends_on: date
) -> defaultdict[int, list[tuple[date, date, str]]]:
    """Each person's absences in the range: (first day, last day, type)."""
    absences = defaultdict(list)
    for absence in Absence.objects.filter(
        person__in=members, ends_on__gte=starts_on, starts_on__lte=ends_on
    ):
        absences[absence.person_id].append(
            (absence.starts_on, absence.ends_on, ABSENCE_TYPES.get(absence.kind, ""))
        )
    return absences


def person_spec(
    person: Person, absences: list[tuple[date, date, str]], *, needs: bool = True
) -> problem.PersonSpec:
    """A person as the planner sees them: own roster, typed absences."""
    own = own_roster(person)
    return problem.PersonSpec(
        id=str(person.pk),
        team=str(person.team_id),
        absences=tuple((start, end) for start, end, _type in absences),
        absence_types=tuple(kind for _s, _e, kind in absences),
        needs=needs,
        pattern=own.codes if own else None,
        pattern_start=own.start if own else None,
    )


def _team_specs(
    teams: dict[int, Team], needing: dict[int, Person], policies: dict
) -> tuple[dict[str, problem.TeamSpec], list[Person]]:
    """Each team's pattern, staffing and policy; and the people with no roster
    at all (neither their team nor they have a pattern), who cannot be
    planned."""
    team_specs = {}
    no_pattern = []
    for team in teams.values():
        roster = team_roster(team)
        if roster is None:
            people = [p for p in needing.values() if p.team_id == team.pk]
            no_pattern.extend(p for p in people if own_roster(p) is None)
            if len(people) == len([p for p in people if own_roster(p) is None]):
                continue
            roster = ALL_REST
        policy = abstraction.policy_for_team(team, policies)
        team_specs[str(team.pk)] = problem.TeamSpec(
            id=str(team.pk),
            pattern=roster.codes,
            pattern_start=roster.start,
            min_staffing=abstraction.min_staffing(policy),
            policy=_planner_policy(policy) if policy and policy.team_id else None,
            min_staffing_by_code=abstraction.shift_minimums(policy),
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
    fixed_code_load: defaultdict[tuple[str, date, str], int] = field(
        default_factory=lambda: defaultdict(int)
    )
    taken: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))


def _add_load(
    published: _Published,
    rules: problem.Instance,
    spec: problem.PersonSpec | None,
    day: date,
) -> None:
    """Someone already in training that day: against their team's cap and
    their shift's minimum (nobody's, when they are on restricted duties)."""
    if spec is None or spec.team not in rules.teams:
        return
    if spec.restricted_on(day):
        return
    published.fixed_load[spec.team, day] += 1
    code = problem.duty_code(rules, spec, day)
    published.fixed_code_load[spec.team, day, code] += 1


def _spec_of(booking: Booking) -> problem.SessionSpec:
    session = booking.session
    return problem.SessionSpec(
        id=str(session.pk),
        date=session.date,
        start=f"{session.start:%H:%M}",
        end=f"{session.end:%H:%M}",
        capacity=session.capacity,
        code=session.duty_code or None,
    )


def _published(
    *,
    requirement: Requirement,
    rules: problem.Instance,
    needing: dict[int, Person],
    specs: dict[int, problem.PersonSpec],
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
            ok = problem.may_attend(rules, specs[person.pk], _spec_of(booking))
        if not ok and person.pk in needing and team_id in rules.teams:
            published.invalid.append(booking)
            if not booking.by_plan:  # it may stay: its place stays held
                published.taken[str(booking.session_id)] += 1
            continue
        # Valid, or made by hand for someone the plan cannot (or need not)
        # plan: it stays, and holds its place.
        published.kept.append(booking)
        needing.pop(person.pk, None)
        _add_load(published, rules, specs.get(person.pk), day)
        published.taken[str(booking.session_id)] += 1
    return published


def _other_training(
    *,
    requirement: Requirement,
    members: list[Person],
    starts_on: date,
    ends_on: date,
    rules: problem.Instance,
    specs: dict[int, problem.PersonSpec],
    published: _Published,
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
        .select_related("session")
    ):
        _add_load(published, rules, specs.get(booking.person_id), booking.session.date)


def _session_specs(
    *,
    sessions: dict[str, TrainingSession],
    taken: dict[str, int],
    templates: list[SessionTemplate],
    starts_on: date,
    ends_on: date,
) -> list[problem.SessionSpec]:
    """The existing sessions' free places, and a new session from each template
    on each day that has none at that time."""
    session_specs = [
        problem.SessionSpec(
            id=sid,
            date=s.date,
            start=f"{s.start:%H:%M}",
            end=f"{s.end:%H:%M}",
            capacity=max(0, s.capacity - taken.get(sid, 0)),
            code=s.duty_code or None,
        )
        for sid, s in sessions.items()
    ]
    taken_days = {(s.date, s.start) for s in sessions.values()}
    for index, template in enumerate(templates):
        for day in template.days(max(starts_on, timezone.localdate()), ends_on):
            if (day, template.start) in taken_days:
                continue
            session_specs.append(
                problem.SessionSpec(
                    id=new_session_key(day, index),
                    date=day,
                    start=f"{template.start:%H:%M}",
                    end=f"{template.end:%H:%M}",
                    capacity=template.capacity,
                    code=template.code,
                )
            )
    return session_specs


def new_session_key(day: date, index: int) -> str:
    """A session a template would create: "new:2027-01-05:0" (template 0)."""
    return f"new:{day.isoformat()}:{index}"


def parse_new_session_key(key: str) -> tuple[date, int]:
    """The day and template of a new session's key (also the older
    "new:2027-01-05", from plans kept before several templates)."""
    day, _sep, index = key.removeprefix("new:").partition(":")
    return date.fromisoformat(day), int(index or 0)


def _sessions(
    requirement: Requirement, starts_on: date, ends_on: date
) -> dict[str, TrainingSession]:
    """The requirement's sessions still to come in the range, by key."""
    return {
        str(s.pk): s
        for s in TrainingSession.objects.filter(
            requirement=requirement,
            cancelled=False,
            date__gte=max(starts_on, timezone.localdate()),
            date__lte=ends_on,
        )
    }


def plan_build(
    *,
    requirement: Requirement,
    starts_on: date,
    ends_on: date,
    template: SessionTemplate | None = None,
    templates: list[SessionTemplate] | None = None,
) -> Built:
    """The planner instance for everyone who still needs this requirement.
    `template` or `templates`: where new sessions may be made."""
    templates = list(templates or ([template] if template else []))
    needing = people_needing(requirement)
    teams = {p.team_id: p.team for p in needing.values()}
    members = list(
        Person.objects.filter(team_id__in=teams, active=True).select_related(
            "team", "shift_pattern"
        )
    )
    absences = _absences(members, starts_on, ends_on)
    policies = abstraction.policies_by_path()
    default = policies.get(None)
    instance_policy = _planner_policy(default) if default else DEFAULT_POLICY
    team_specs, no_pattern = _team_specs(teams, needing, policies)
    sessions = _sessions(requirement, starts_on, ends_on)
    specs = {
        p.pk: person_spec(p, absences.get(p.pk, []))
        for p in members
        if str(p.team_id) in team_specs
    }
    rules = problem.Instance(starts_on, 1, instance_policy, team_specs, [], [])
    published = _published(
        requirement=requirement,
        rules=rules,
        needing=needing,
        specs=specs,
        starts_on=starts_on,
    )
    _other_training(
        requirement=requirement,
        members=members,
        starts_on=starts_on,
        ends_on=ends_on,
        rules=rules,
        specs=specs,
        published=published,
    )
    unplannable = {p.pk for p in no_pattern}
    instance = problem.Instance(
        start=starts_on,
        horizon_days=(ends_on - starts_on).days + 1,
        policy=instance_policy,
        teams=team_specs,
        people=[
            replace(spec, needs=pk in needing and pk not in unplannable)
            for pk, spec in specs.items()
        ],
        sessions=_session_specs(
            sessions=sessions,
            taken=published.taken,
            templates=templates,
            starts_on=starts_on,
            ends_on=ends_on,
        ),
        fixed_load=dict(published.fixed_load),
        fixed_code_load=dict(published.fixed_code_load),
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
