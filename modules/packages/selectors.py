"""Reads about package modules: where a learner stands with one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from crystal_learning.xapi.activities import ActivityKind
from crystal_learning.xapi.models import Progress

from .manifests import Unit
from .models import PackageLaunch, PackageModulePage


@dataclass(frozen=True)
class UnitStanding:
    index: int
    unit: Unit
    #: Launched before at the page's current content version.
    started: bool
    finished: bool


@dataclass(frozen=True)
class PackageStanding:
    done: bool
    completed_on: datetime | None
    units: tuple[UnitStanding, ...]


def package_done(*, person, page: PackageModulePage) -> Progress | None:
    """The learner's record of the package when it counts as done, else None:
    the same rule as video modules (the learning record, not the launches)."""
    return (
        Progress.objects.done(ActivityKind.PACKAGE)
        .filter(person=person, activity_id=page.activity_id)
        .first()
    )


def package_standing(*, person, page: PackageModulePage) -> PackageStanding:
    """Done or not (and when), and per unit whether it was started or finished.
    With no person (a preview, an account without a person record): nothing."""
    if person is None:
        return _standing(page, set(), set(), None)
    record = package_done(person=person, page=page)
    launches = PackageLaunch.objects.filter(
        person=person, page=page, content_version=page.content_version
    ).values_list("unit_id", "completed_at", "passed_at", "satisfied_at")
    started, finished = set(), set()
    for unit_id, completed_at, passed_at, satisfied_at in launches:
        started.add(unit_id)
        if completed_at or passed_at or satisfied_at:
            finished.add(unit_id)
    return _standing(page, started, finished, record)


def _standing(page, started: set, finished: set, record) -> PackageStanding:
    structure = page.package_structure
    units = tuple(
        UnitStanding(
            index=index,
            unit=unit,
            started=unit.id in started,
            finished=unit.id in finished,
        )
        for index, unit in enumerate(structure.units if structure else ())
    )
    completed_on = None
    if record is not None:
        completed_on = record.completed_at or record.last_seen
    return PackageStanding(
        done=record is not None, completed_on=completed_on, units=units
    )
