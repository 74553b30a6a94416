"""Reads about people and teams: duty on a date, on-duty strength, who may see whom."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from .duty import WORKING_CODES, DutyCode, duty_code_on
from .models import Absence, Person, Team
from .roles import TRAINING_MANAGER, has_role


def person_duty_code(*, person: Person, on: date) -> str | None:
    """The person's code on a date (their own pattern, else their team's:
    `duty.duty_code_on`); an absence code (AL, SK, CO, CT) wins, restricted
    duties (at work) do not."""
    absence = (
        Absence.objects.filter(person=person, starts_on__lte=on, ends_on__gte=on)
        .exclude(kind__in=Absence.AT_WORK)
        .values_list("kind", flat=True)
        .first()
    )
    if absence:
        return absence
    return duty_code_on(person, on)


#: The shifts on which a person is "on duty" for reminders: not nights.
REMINDER_CODES = frozenset({DutyCode.EARLY, DutyCode.LATE, DutyCode.DAY})


def people_on_duty(*, people: list[Person], on: date) -> set[int]:
    """Ids of the people at work on `on` in the hours reminders go out: on an
    early, late or day shift (their own pattern, else their team's) and not
    absent (restricted duties is at work). Someone with no roster at all is
    counted at work: nothing says otherwise. 1 query."""
    absent = set(
        Absence.objects.filter(
            person__in=[p.pk for p in people], starts_on__lte=on, ends_on__gte=on
        )
        .exclude(kind__in=Absence.AT_WORK)
        .values_list("person_id", flat=True)
    )
    at_work = set()
    for person in people:
        if person.pk in absent:
            continue
        code = duty_code_on(person, on)
        if code is None or code in REMINDER_CODES:
            at_work.add(person.pk)
    return at_work


def team_on_duty_strength(*, team: Team, on: date) -> int:
    """How many active members of the team are on a working shift (their own
    pattern, else the team's: `duty.duty_code_on`), neither absent nor on
    restricted duties (not operational, as in the planner). 1 query."""
    people = (
        Person.objects.filter(team=team, active=True)
        .exclude(absences__starts_on__lte=on, absences__ends_on__gte=on)
        .select_related("shift_pattern", "team__shift_pattern")
    )
    return sum(1 for person in people if duty_code_on(person, on) in WORKING_CODES)


def areas() -> QuerySet[Team]:
    """The areas: the second level of the team tree (force > area > team)."""
    return Team.objects.filter(depth=2).order_by("name")


def team_subtree_q(teams: QuerySet[Team] | list[Team], prefix: str = "") -> Q:
    """A Q matching the given teams and every team below them in the tree."""
    query = Q(pk__in=[])
    for team in teams:
        query |= Q(**{f"{prefix}path__startswith": team.path})
    return query


def supervised_team_ids(*, user: AbstractBaseUser | AnonymousUser) -> frozenset[int]:
    """Ids of the teams the user supervises, sub-teams included (cached per request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_crystal_supervised_team_ids", None)
    if cached is not None:
        return cached
    direct = list(Team.objects.filter(supervisors__user=user, supervisors__active=True))
    ids = (
        frozenset(
            Team.objects.filter(team_subtree_q(direct)).values_list("pk", flat=True)
        )
        if direct
        else frozenset()
    )
    user._crystal_supervised_team_ids = ids
    return ids


def people_visible_to(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Person]:
    """People whose records the user may see: the rule `view_person_records`."""
    if not user.is_authenticated:
        return Person.objects.none()
    if has_role(user, TRAINING_MANAGER):
        return Person.objects.all()
    return Person.objects.filter(
        Q(user=user) | Q(team_id__in=supervised_team_ids(user=user))
    )


def line_above(*, person: Person) -> frozenset[int]:
    """Ids of the person and of the people above them: whoever supervises a team
    the person supervises, or a team above one (their inspector, a fellow
    supervisor of the same team). A supervisor reminds only the people below."""
    direct = list(Team.objects.filter(supervisors=person))
    steps = Team.steplen
    paths = {
        team.path[: steps * depth]
        for team in direct
        for depth in range(1, team.depth + 1)
    }
    above = Person.objects.filter(supervises__path__in=paths, active=True)
    return frozenset(above.values_list("pk", flat=True)) | {person.pk}
