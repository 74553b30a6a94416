"""Wagtail's locales, read once a request.

`Locale.get_default()` and `Locale.get_active()` (behind every `page.localized`,
Wagtail's routing and our `modules/translations.py`) each query the database:
up to seven identical queries on My training. Inside a request (between
Django's request_started and request_finished) the answer for a language is
kept and reused; a locale saved or deleted in the request forgets it. Outside a
request (jobs, commands, tests' own setup) nothing is kept, so a locale created
there is seen at once; each request begins with nothing kept, so a locale
changed by another process is seen by the next request.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save

_kept: ContextVar[dict | None] = ContextVar("crystal_locales", default=None)


def _request_began(**kwargs) -> None:
    _kept.set({})


def locales_forget(**kwargs) -> None:
    """Keep nothing, as at a request's end (also for tests: a streamed response
    nobody read leaves its request open)."""
    _kept.set(None)


def _locale_changed(**kwargs) -> None:
    if _kept.get() is not None:
        _kept.set({})


def locales_cache_install() -> None:
    """Wrap `LocaleManager.get_for_language` (what get_default and get_active
    call; Wagtail has no hook for this) once, and connect the signals."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale
    from wagtail.models.i18n import LocaleManager

    request_started.connect(_request_began, dispatch_uid="crystal_locales_begin")
    request_finished.connect(locales_forget, dispatch_uid="crystal_locales_end")
    for signal in (post_save, post_delete):
        signal.connect(_locale_changed, sender=Locale, dispatch_uid="crystal_locales")
    if getattr(LocaleManager, "kept_per_request", False):
        return
    get_for_language = LocaleManager.get_for_language

    def get_for_language_kept(self, language_code):
        kept = _kept.get()
        if kept is None or self.model is not Locale:
            return get_for_language(self, language_code)
        # As Wagtail does, before the lookup: an unsupported code raises LookupError.
        variant = get_supported_content_language_variant(language_code)
        if variant not in kept:
            try:
                kept[variant] = get_for_language(self, variant)
            except Locale.DoesNotExist as missing:
                kept[variant] = missing
        found = kept[variant]
        if isinstance(found, Locale.DoesNotExist):
            raise Locale.DoesNotExist(*found.args)
        return found

    LocaleManager.get_for_language = get_for_language_kept
    LocaleManager.kept_per_request = True
