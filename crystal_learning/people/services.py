"""Writes to people and teams. The only code that changes them."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction
from django.utils import timezone

from crystal_learning.hooks import handlers

from . import bulk
from .models import Absence, PeopleImport, Person, PersonEvent, ShiftPattern, Team
from .roles import LEARNER, SUPERVISOR

if TYPE_CHECKING:
    from .hr_plan import Plan as HrPlan

User = get_user_model()


def people_changed(person_ids: Iterable[int]) -> None:
    """Tell other apps (programmes) that these people joined, moved or left.

    Handlers come from settings.CRYSTAL_PEOPLE_CHANGED_HANDLERS and run in the
    caller's transaction, so an import and the assignments it causes commit or
    roll back together.
    """
    ids = set(person_ids)
    if not ids:
        return
    for handler in handlers("CRYSTAL_PEOPLE_CHANGED_HANDLERS"):
        handler(person_ids=ids)


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
        root = Team.add_root(
            name=settings.CRYSTAL_FORCE_NAME, code="FORCE", kind=Team.Kind.FORCE
        )
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


def _import_teams(plan: HrPlan) -> dict[str, int]:
    """Write the file's patterns, areas and teams; team pks by code."""
    existing = dict(ShiftPattern.objects.values_list("name", "codes"))
    for name, codes in plan.patterns.items():
        if existing.get(name) != codes:
            shift_pattern_upsert(name=name, codes=codes)
    wanted = {t.pattern for t in plan.teams if t.pattern}
    patterns = {p.name: p for p in ShiftPattern.objects.filter(name__in=wanted)}
    areas = dict(plan.areas)
    for team in plan.teams:
        parent = None
        if team.area:
            if team.area in areas:
                name = areas.pop(team.area)
                team_upsert(code=team.area, name=name, kind=Team.Kind.AREA)
            parent = Team.objects.get(code=team.area)
        team_upsert(
            code=team.code,
            name=team.name,
            kind=team.kind,
            parent=parent,
            shift_pattern=patterns.get(team.pattern) if team.pattern else None,
            shift_offset=team.offset,
        )
    return dict(Team.objects.values_list("code", "pk"))


def _chunks(items: list, size: int = 900):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _PeopleWrite:
    """An HR file's changes to people, gathered as plain rows, written in bulk."""

    def __init__(self, plan: HrPlan, by, people_import, team_pks: dict) -> None:
        self.plan, self.team_pks = plan, team_pks
        self.team_codes = {pk: code for code, pk in team_pks.items()}
        self.by_id = by.pk if by is not None and by.pk else None
        self.import_id = people_import.pk if people_import is not None else None
        self.now, self.today = timezone.now(), timezone.localdate()
        self.events: list[dict] = []
        self.changed: set[int] = set()
        self.supervising: dict[int, bool] = {}  # user pk: supervises a team
        self.supervises: dict[int, list[str]] = {}  # person pk: team codes
        self.people: list[dict] = []
        self.users: list[dict] = []

    def event(self, person_id: int, kind: str, **detail) -> None:
        self.events.append(
            {
                "person_id": person_id,
                "kind": kind,
                "detail": detail,
                "by_id": self.by_id,
                "people_import_id": self.import_id,
            }
        )

    def new_people(self) -> None:
        """Accounts (unusable passwords: they sign in through the identity
        provider) and people; their pks are read back by name."""
        rows = [row for row in self.plan.rows if row.action == "new"]
        if not rows:
            return
        last_user = User.objects.order_by("-pk").values_list("pk", flat=True).first()
        bulk.insert_rows(
            User,
            [
                {
                    "username": row.staff_number.lower(),
                    "email": row.values["email"],
                    "is_active": row.values["active"],
                    "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20),
                }
                for row in rows
            ],
        )
        users = User.objects.filter(pk__gt=last_user or 0)
        user_pks = dict(users.values_list("username", "pk"))
        last = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
        bulk.insert_rows(
            Person,
            [
                {
                    **row.values,
                    "user_id": user_pks[row.staff_number.lower()],
                    "staff_number": row.staff_number,
                    "team_id": self.team_pks[row.team_code],
                    "deactivated_on": None if row.values["active"] else self.today,
                }
                for row in rows
            ],
        )
        person_pks = dict(
            Person.objects.filter(pk__gt=last or 0).values_list("staff_number", "pk")
        )
        for row in rows:
            pk = person_pks[row.staff_number]
            self.event(pk, PersonEvent.Kind.CREATED, team=row.team_code)
            self.changed.add(pk)
            self.supervises[pk] = row.supervises or []
            self.supervising[user_pks[row.staff_number.lower()]] = bool(row.supervises)

    def updated_people(self) -> None:
        for row in self.plan.rows:
            if row.action == "update":
                self.updated_person(row, row.existing)

    def updated_person(self, row, old: dict) -> None:
        new = {**row.values, "pk": old["pk"], "team_id": self.team_pks[row.team_code]}
        new["deactivated_on"] = (
            None if new["active"] else (old["deactivated_on"] or self.today)
        )
        new["updated_at"] = self.now
        self.people.append(new)
        if new["team_id"] != old["team_id"]:
            self.event(
                old["pk"],
                PersonEvent.Kind.TEAM_CHANGED,
                old_team=self.team_codes.get(old["team_id"]),
                new_team=row.team_code,
            )
        if old["active"] != new["active"]:
            kind = PersonEvent.Kind.REACTIVATED
            if not new["active"]:
                kind = PersonEvent.Kind.DEACTIVATED
            self.event(old["pk"], kind)
        if any(old[key] != new[key] for key in ("team_id", "active", "rank")):
            self.changed.add(old["pk"])
        if old["user__is_active"] != new["active"] or (
            new["email"] and old["user__email"] != new["email"]
        ):
            self.users.append(
                {
                    "pk": old["user_id"],
                    "is_active": new["active"],
                    "email": new["email"] or old["user__email"],
                }
            )
        if row.supervises is not None:
            self.supervises[old["pk"]] = row.supervises
        supervises = row.supervises
        if supervises is None:
            supervises = self.plan.supervised.get(old["pk"])
        self.supervising[old["user_id"]] = bool(supervises)

    def leavers(self) -> None:
        for leaver in self.plan.leavers:
            pk = leaver["pk"]
            self.people.append(
                {
                    **{k: leaver[k] for k in ("display_name", "email", "rank", "role")},
                    "pk": pk,
                    "team_id": leaver["team_id"],
                    "active": False,
                    "deactivated_on": self.today,
                    "updated_at": self.now,
                }
            )
            self.users.append(
                {
                    "pk": leaver["user_id"],
                    "is_active": False,
                    "email": leaver["user__email"],
                }
            )
            self.event(pk, PersonEvent.Kind.DEACTIVATED)
            self.changed.add(pk)
            self.supervising[leaver["user_id"]] = bool(self.plan.supervised.get(pk))

    def write(self) -> None:
        bulk.update_rows(Person, self.people)
        bulk.update_rows(User, self.users)
        self.write_supervises()
        self.write_groups()
        bulk.insert_rows(PersonEvent, self.events)

    def write_supervises(self) -> None:
        through = Person.supervises.through
        for chunk in _chunks(list(self.supervises)):
            through.objects.filter(person_id__in=chunk).delete()
        bulk.insert_rows(
            through,
            [
                {"person_id": person_pk, "team_id": self.team_pks[code]}
                for person_pk, codes in self.supervises.items()
                for code in codes
            ],
        )

    def write_groups(self) -> None:
        """Everyone imported is a learner; a supervisor iff they supervise."""
        users = self.supervising
        if not users:
            return
        learner, _ = Group.objects.get_or_create(name=LEARNER)
        supervisor, _ = Group.objects.get_or_create(name=SUPERVISOR)
        through = User.groups.through
        for chunk in _chunks(list(users)):
            through.objects.filter(
                user_id__in=chunk, group__in=[learner, supervisor]
            ).delete()
        bulk.insert_rows(
            through,
            [{"user_id": pk, "group_id": learner.pk} for pk in users]
            + [
                {"user_id": pk, "group_id": supervisor.pk}
                for pk, supervises in users.items()
                if supervises
            ],
        )


@transaction.atomic
def people_import_write(
    *,
    plan: HrPlan,
    by: AbstractBaseUser | None = None,
    people_import: PeopleImport | None = None,
) -> None:
    """Apply a checked HR file (hr_plan.plan_import): teams, people, accounts,
    supervision, roles, history and leavers, in bulk and in one transaction,
    then announce everyone who joined, moved, changed rank or left."""
    write = _PeopleWrite(plan, by, people_import, _import_teams(plan))
    write.new_people()
    write.updated_people()
    write.leavers()
    write.write()
    # In slices: the handlers filter by these ids, and SQLite takes at most
    # 32,766 values in one query (a file may have 50,000 rows).
    for chunk in _chunks(sorted(write.changed), 10_000):
        people_changed(chunk)
