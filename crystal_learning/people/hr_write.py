"""Applying a checked HR file (hr_plan.plan_import): teams, people, accounts,
supervision, roles, history and leavers, written in bulk in one transaction."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction
from django.utils import timezone

from . import bulk
from .models import PeopleImport, Person, PersonEvent, ShiftPattern, Team
from .own_pattern import own_pattern_now
from .roles import LEARNER, SUPERVISOR
from .services import people_changed, shift_pattern_upsert, team_upsert

if TYPE_CHECKING:
    from .hr_plan import Plan as HrPlan

User = get_user_model()


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
        self.own_patterns: list[dict] = []  # person pk, pattern pk, first day
        self.pattern_pks: dict[str, int] | None = None

    def own_pattern(self, row) -> dict:
        """The row's own pattern (None: left alone) as Person columns."""
        if row.own_pattern is None:
            return {}
        name, start = row.own_pattern
        if self.pattern_pks is None:
            self.pattern_pks = dict(ShiftPattern.objects.values_list("name", "pk"))
        return {
            "shift_pattern_id": self.pattern_pks[name] if name else None,
            "shift_pattern_from": start,
        }

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
                    **self.own_pattern(row),
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
        if row.own_pattern is not None and row.own_pattern != own_pattern_now(old):
            self.own_patterns.append({"pk": old["pk"], **self.own_pattern(row)})
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
        bulk.update_rows(Person, self.own_patterns)
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
