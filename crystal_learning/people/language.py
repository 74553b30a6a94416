"""A person's language: the one they chose with the Cymraeg / English switch,
kept on their record so that e-mails to them and their next sign-in use it
(docs/welsh.md). Empty means the site's default (`LANGUAGE_CODE`).

The one home of "which language does this person get": e-mail senders wrap
their rendering in `in_person_language(person)`.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def language_choices() -> list[tuple[str, str]]:
    """The site's languages (a callable, so migrations do not copy them)."""
    return list(settings.LANGUAGES)


def supported(language: str) -> str | None:
    """The site's code for a language ("en" -> "en-gb"), None if not offered."""
    if not language:
        return None
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return None


def person_language(person) -> str:
    """The language to use for this person: their choice while the site still
    offers it, else the site's default."""
    return supported(getattr(person, "language", "")) or settings.LANGUAGE_CODE


def in_person_language(person):
    """A context manager: translations inside it are in the person's language."""
    return translation.override(person_language(person))


def person_language_set(*, person, language: str) -> bool:
    """Keep a person's choice (one the site offers). True if it changed."""
    language = supported(language)
    if language is None or person.language == language:
        return False
    person.language = language
    person.save(update_fields=["language", "updated_at"])
    return True
