"""gettext remembered per language and message: a report of thousands of rows
asks for the same few labels tens of thousands of times, and Django's lookup
walks every app's catalogue each time (most of a CSV export's time)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language, gettext


def gettext_cached(message: str) -> str:
    """`gettext(message)` in the active language."""
    return _translated(get_language(), message)


@lru_cache(maxsize=1024)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)  # `language` is the active one: it keys the cache
