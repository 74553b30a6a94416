"""Writes to people and teams, one at a time: patterns, the team tree, people
and their absences. An HR file is written in bulk by `hr_write`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction
from django.utils import timezone

from crystal_learning import conf

from . import signals
from .models import Absence, PeopleImport, Person, PersonEvent, ShiftPattern, Team
from .roles import LEARNER, SUPERVISOR

User = get_user_model()


def people_changed(person_ids: Iterable[int]) -> None:
    """Tell other apps (programmes) that these people joined, moved or left:
    `signals.people_changed`, in the caller's transaction."""
    ids = set(person_ids)
    if not ids:
        return
    signals.people_changed.send(sender=Person, person_ids=ids)


@transaction.atomic
def shift_pattern_upsert(
    *,
    name: str,
    codes: str,
    kind: str = ShiftPattern.Kind.CYCLE,
    anchor_date: date | None = None,
) -> ShiftPattern:
    """Create or update a pattern by name; bad codes raise ValidationError."""
    pattern = ShiftPattern.objects.filter(name=name).first() or ShiftPattern(name=name)
    pattern.kind = kind
    pattern.codes = codes
    if anchor_date is not None:
        pattern.anchor_date = anchor_date
    pattern.full_clean()
    pattern.save()
    return pattern


def force_root() -> Team:
    """The force: the single root of the team tree (created on first use)."""

    root = Team.get_root_nodes().first()
    if root is None:
        root = Team.add_root(name=conf.force_name(), code="FORCE", kind=Team.Kind.FORCE)
    return root


@transaction.atomic
def team_upsert(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Team | None = None,
    shift_pattern: ShiftPattern | None = None,
    shift_offset: int = 0,
) -> Team:
    """Create a team under `parent` (default: the force), or update and move it."""
    parent = parent or force_root()
    team = Team.objects.filter(code=code).first()
    if team is None:
        team = parent.add_child(
            code=code,
            name=name,
            kind=kind,
            shift_pattern=shift_pattern,
            shift_offset=shift_offset,
        )
        return team
    changed = (team.name, team.kind, team.shift_pattern_id, team.shift_offset) != (
        name,
        kind,
        shift_pattern.pk if shift_pattern else None,
        shift_offset,
    )
    if changed:
        team.name, team.kind = name, kind
        team.shift_pattern, team.shift_offset = shift_pattern, shift_offset
        team.save()
    current_parent = team.get_parent()
    if current_parent is None or current_parent.pk != parent.pk:
        team.move(parent, pos="sorted-child")
        team.refresh_from_db()
    return team


def _sync_role_groups(user: AbstractBaseUser, *, supervisor: bool) -> None:
    learner, _ = Group.objects.get_or_create(name=LEARNER)
    supervisor_group, _ = Group.objects.get_or_create(name=SUPERVISOR)
    user.groups.add(learner)
    if supervisor:
        user.groups.add(supervisor_group)
    else:
        user.groups.remove(supervisor_group)


@transaction.atomic
def person_save(
    *,
    person: Person,
    supervises: list[Team] | None = None,
    by: AbstractBaseUser | None = None,
    people_import: PeopleImport | None = None,
    changed: set[int] | None = None,
) -> Person:
    """Save a new or changed person, with their user account and history.

    A change of team, rank or active state is announced (`people_changed`) at
    once, or added to `changed` for the caller to announce in one go.

    A new person gets a user named by staff number with an unusable password
    (they sign in through the force's identity provider). Team moves and
    (re)activation are recorded as events; nothing is ever deleted.
    """
    previous = (
        Person.objects.filter(pk=person.pk).values("team_id", "active", "rank").first()
        if person.pk
        else None
    )
    if person.user_id is None:
        user = User(username=person.staff_number.lower(), email=person.email)
        user.set_unusable_password()
        user.save()
        person.user = user
    person.full_clean(exclude=["user"])
    if not person.active and person.deactivated_on is None:
        person.deactivated_on = timezone.localdate()
    if person.active:
        person.deactivated_on = None
    person.save()
    if supervises is not None:
        person.supervises.set(supervises)
    user = person.user
    if user.is_active != person.active or (person.email and user.email != person.email):
        user.is_active = person.active
        user.email = person.email or user.email
        user.save(update_fields=["is_active", "email"])
    _sync_role_groups(user, supervisor=person.supervises.exists())

    def log(kind: str, **detail) -> None:
        PersonEvent.objects.create(
            person=person, kind=kind, detail=detail, by=by, people_import=people_import
        )

    if previous is None:
        log(PersonEvent.Kind.CREATED, team=person.team.code)
    else:
        if previous["team_id"] != person.team_id:
            old = (
                Team.objects.filter(pk=previous["team_id"])
                .values_list("code", flat=True)
                .first()
            )
            log(PersonEvent.Kind.TEAM_CHANGED, old_team=old, new_team=person.team.code)
        if previous["active"] and not person.active:
            log(PersonEvent.Kind.DEACTIVATED)
        elif not previous["active"] and person.active:
            log(PersonEvent.Kind.REACTIVATED)
    if previous is None or any(
        previous[key] != value
        for key, value in (
            ("team_id", person.team_id),
            ("active", person.active),
            ("rank", person.rank),
        )
    ):
        if changed is None:
            people_changed([person.pk])
        else:
            changed.add(person.pk)
    return person


@transaction.atomic
def person_deactivate(
    *,
    person: Person,
    by: AbstractBaseUser | None = None,
    people_import: PeopleImport | None = None,
    changed: set[int] | None = None,
) -> Person:
    """A leaver: inactive, cannot sign in; their records and history stay."""
    if not person.active:
        return person
    person.active = False
    return person_save(
        person=person, by=by, people_import=people_import, changed=changed
    )


@transaction.atomic
def absence_create(
    *,
    person: Person,
    kind: str,
    starts_on: date,
    ends_on: date,
    note: str = "",
    source: str = "manual",
) -> Absence:
    """Record an absence; a range ending before it starts raises ValidationError."""
    absence = Absence(
        person=person,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        source=source,
    )
    absence.full_clean()
    absence.save()
    return absence


def person_reminders_set(*, person: Person, off_duty: bool) -> bool:
    """The person's own choice (My training): scheduled reminders on any day
    (rest days, leave and nights too) or only when on duty. True if it changed."""
    if person.reminders_off_duty == off_duty:
        return False
    person.reminders_off_duty = off_duty
    person.save(update_fields=["reminders_off_duty", "updated_at"])
    return True
