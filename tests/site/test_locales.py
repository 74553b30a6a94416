"""Wagtail's locales are read once a request (crystal_learning/site/locales.py):
the same answers as Wagtail's, a locale saved or deleted is seen at once, and
nothing is kept between requests or outside one."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale


def locale_queries(captured: CaptureQueriesContext) -> int:
    return sum('"wagtailcore_locale"' in q["sql"] for q in captured.captured_queries)


def send(signal) -> None:
    """As the test client sends it: without closing the test's connection."""
    signal.disconnect(close_old_connections)
    try:
        signal.send(sender=None)
    finally:
        signal.connect(close_old_connections)


@pytest.fixture
def in_a_request():
    send(request_started)
    yield
    send(request_finished)


def test_in_a_request_each_language_is_read_once(db, in_a_request):
    with CaptureQueriesContext(connection) as captured:
        for _ in range(3):
            assert Locale.get_default().language_code == "en-gb"
            assert Locale.objects.get_for_language("cy").language_code == "cy"
    assert locale_queries(captured) == 2


def test_outside_a_request_nothing_is_kept(db):
    with CaptureQueriesContext(connection) as captured:
        Locale.get_default()
        Locale.get_default()
    assert locale_queries(captured) == 2


def test_a_request_starts_afresh(db):
    send(request_started)
    default = Locale.get_default()
    send(request_finished)
    Locale.objects.filter(pk=default.pk).update(language_code="cy-gb")
    Locale.objects.filter(language_code="cy").update(language_code="en-gb")
    send(request_started)
    try:
        assert Locale.get_default().pk != default.pk
    finally:
        send(request_finished)


def test_a_locale_deleted_or_created_in_the_request_is_seen(db, in_a_request):
    welsh = Locale.objects.get(language_code="cy")
    assert Locale.objects.get_for_language("cy") == welsh
    welsh.delete()
    with pytest.raises(Locale.DoesNotExist):
        Locale.objects.get_for_language("cy")
    with pytest.raises(Locale.DoesNotExist):  # a miss is kept too
        Locale.objects.get_for_language("cy")
    made = Locale.objects.create(language_code="cy")
    assert Locale.objects.get_for_language("cy") == made


def test_an_unsupported_language_is_refused_as_wagtail_refuses_it(db, in_a_request):
    with pytest.raises(LookupError):
        Locale.objects.get_for_language("fr")
    assert Locale.get_active() == Locale.get_default()  # English is active
