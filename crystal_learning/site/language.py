"""Cymraeg / English for a person, not only a browser (docs/welsh.md).

The switch is Django's `set_language` (the cookie, and only an address on this
site is followed back); for someone signed in with a person record the choice
is also kept on the record (`Person.language`), so that e-mails to them are in
it and signing in on another computer brings it back.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language

from crystal_learning.people.language import person_language_set, supported
from crystal_learning.people.models import Person


def _person(request: HttpRequest) -> Person | None:
    """The signed-in person, as every view reads it (None when signed out or
    for an account without a person record)."""
    return getattr(request.user, "person", None)


@login_not_required
def language_switch(request: HttpRequest) -> HttpResponse:
    """The header's switch: open to everyone (the sign-in page has it too); a
    GET changes nothing and goes back, as with `set_language`."""
    response = set_language(request)
    if request.method == "POST":
        person = _person(request)
        if person is not None:
            person_language_set(
                person=person, language=request.POST.get("language", "")
            )
    return response


def language_restore(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Just signed in: the language kept on the person's record becomes this
    browser's (the same cookie as the switch). Nothing kept: the browser's
    own choice stays."""
    person = _person(request)
    language = supported(person.language) if person is not None else None
    if language is not None:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
