"""Functions named in a setting, loaded once: how apps tell each other about
changes without importing each other (docs/decisions/0008)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.module_loading import import_string


@functools.cache
def _load(paths: tuple[str, ...]) -> tuple:
    return tuple(import_string(path) for path in paths)


def handlers(setting: str) -> tuple:
    """The functions listed (as dotted paths) in `settings.<setting>`."""
    return _load(tuple(getattr(settings, setting, ())))
