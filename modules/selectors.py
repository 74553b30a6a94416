"""Reads about learning content."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from wagtail.models import Site

from crystal_learning.xapi.activities import ActivityKind
from crystal_learning.xapi.models import Progress

from .models import TilePage, VideoModulePage, VideoWatch


def learning_tiles(*, site: Site | None) -> QuerySet[TilePage]:
    """The live, public tiles under the site's learning home, in tree order."""
    tiles = TilePage.objects.live().public().order_by("path")
    if site is not None:
        tiles = tiles.descendant_of(site.root_page)
    return tiles


@dataclass(frozen=True)
class ModuleStanding:
    """Where the person stands with a module, as its page and player say it:
    done as the learning record says (the quiz lock reads the same), and the
    share of the video the server has accepted as watched."""

    done: bool
    percent: int


def learner_modules(
    *, site: Site | None, person
) -> list[tuple[VideoModulePage, ModuleStanding]]:
    """Live video modules with where the person stands on each, in tree order:
    done as the learning record says, the watched share as the server credited
    it (two queries, whatever the number of modules)."""
    modules = VideoModulePage.objects.live().public().order_by("path")
    if site is not None:
        modules = modules.descendant_of(site.root_page)
    modules = list(modules)
    done: set[str] = set()
    percents: dict[int, int] = {}
    if person is not None and modules:
        done = set(
            Progress.objects.done(ActivityKind.MODULE)
            .filter(person=person, activity_id__in=[m.activity_id for m in modules])
            .values_list("activity_id", flat=True)
        )
        shares = watched_shares(person_ids=[person.pk], modules=modules)
        percents = {
            module.pk: int(shares.get((person.pk, module.activity_id), 0.0) * 100)
            for module in modules
        }
    return [
        (
            module,
            ModuleStanding(
                done=module.activity_id in done, percent=percents.get(module.pk, 0)
            ),
        )
        for module in modules
    ]


def module_done(*, person, page: VideoModulePage) -> bool:
    """Done as the learning record says (the quiz lock reads the same rule)."""
    return (
        Progress.objects.done(ActivityKind.MODULE)
        .filter(person=person, activity_id=page.activity_id)
        .exists()
    )


def module_standing(*, person, page: VideoModulePage) -> ModuleStanding:
    done = module_done(person=person, page=page)
    watch = VideoWatch.objects.filter(person=person, page=page).first()
    return ModuleStanding(done=done, percent=watch.percent if watch else 0)


def watched_shares(*, person_ids, modules) -> dict[tuple[int, str], float]:
    """(person, module IRI) -> the share of the video the server credited: the
    progress every screen shows for a video module not yet done (the record's
    completion decides "done"; this is how far along). One query; `person_ids`
    may be a sub-query."""
    by_pk = {module.pk: module.activity_id for module in modules}
    if not by_pk:
        return {}
    return {
        (person_id, by_pk[page_id]): fraction
        for person_id, page_id, fraction in VideoWatch.objects.filter(
            person_id__in=person_ids, page_id__in=by_pk
        ).values_list("person_id", "page_id", "fraction")
    }
