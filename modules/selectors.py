"""Reads about learning content."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Site

from .models import TilePage


def learning_tiles(*, site: Site | None) -> QuerySet[TilePage]:
    """The live, public tiles under the site's learning home, in tree order."""
    tiles = TilePage.objects.live().public().order_by("path")
    if site is not None:
        tiles = tiles.descendant_of(site.root_page)
    return tiles
