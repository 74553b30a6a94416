"""Reads about learning content."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Site

from .models import TilePage, VideoModulePage, VideoWatch


def learning_tiles(*, site: Site | None) -> QuerySet[TilePage]:
    """The live, public tiles under the site's learning home, in tree order."""
    tiles = TilePage.objects.live().public().order_by("path")
    if site is not None:
        tiles = tiles.descendant_of(site.root_page)
    return tiles


def learner_modules(
    *, site: Site | None, person
) -> list[tuple[VideoModulePage, object]]:
    """Live video modules with the person's watch record (or None), in tree order."""
    modules = VideoModulePage.objects.live().public().order_by("path")
    if site is not None:
        modules = modules.descendant_of(site.root_page)
    modules = list(modules)
    watches = {}
    if person is not None:
        watches = {
            w.page_id: w
            for w in VideoWatch.objects.filter(
                person=person, page__in=[m.pk for m in modules]
            )
        }
    return [(module, watches.get(module.pk)) for module in modules]
