"""Which language version of a page a reader sees (docs/welsh.md).

The English (default locale) tree is the whole site; a Welsh page is a
translation of an English one (wagtail-localize) with the same translation_key,
so both are one xAPI activity. A reader in Welsh sees a page's live Welsh
translation where there is one and the English page where there is not:
listings are built from the English tree and each entry shown in the reader's
language, and a path the Welsh tree does not have is routed in the English one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404
from django.utils import translation
from wagtail.models import Locale, Page


def default_version(page: Page) -> Page:
    """The page in the default locale (the one it translates), else itself."""
    try:
        default = Locale.get_default()
    except Locale.DoesNotExist:
        return page
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def reader_version(page: Page) -> Page:
    """The page's live translation in the active language, else the page."""
    return page.localized.specific


def reader_versions(pages: Iterable[Page]) -> list[Page]:
    return [reader_version(page) for page in pages]


class ReaderLanguagePage:
    """Mixin for pages that list or route to other pages: the cache varies by
    language (cached fragments hold interface text), and a path missing from a
    translated tree is routed in the default-locale tree."""

    def get_cache_key_components(self):
        return [*super().get_cache_key_components(), translation.get_language()]

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            source = default_version(self)
            if source.pk == self.pk:
                raise
            found = source.specific.route(request, path_components)
            page, args, kwargs = found[0], found[1], found[2]
            localized = reader_version(page)
            if localized.pk == page.pk:
                return found
            return type(found)(localized, args, kwargs)


def in_default_locale(pages: QuerySet) -> QuerySet:
    """Pages of the default locale only: a listing's entries, before each is
    shown in the reader's language."""
    try:
        return pages.filter(locale=Locale.get_default())
    except Locale.DoesNotExist:
        return pages


def live_children(page: Page, model: type[Page]) -> QuerySet:
    """A page's live, public children of one type, from the default-locale tree
    (so a translated page lists what the English one lists), in tree order."""
    source = default_version(page)
    return model.objects.child_of(source).live().public().order_by("path")
