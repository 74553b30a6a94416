"""Ids no column can hold, in every URL that takes an id: a 404 (or the page's
own refusal), never a server error, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from tests.site.helpers import routes

pytestmark = pytest.mark.django_db

TOO_BIG = "9" * 23  # past any 64-bit id


def hostile_url(route: str, pattern) -> str | None:
    """The route with every id too big; None for regular-expression routes."""
    converters = pattern.pattern.converters
    kinds = {
        n: type(c).__name__.replace("Converter", "") for n, c in converters.items()
    }
    if "^" in route or "(" in route or "Int" not in kinds.values():
        return None
    url = route
    for name, kind in kinds.items():
        value = {
            "Int": TOO_BIG,
            "UUID": "00000000-0000-4000-8000-000000000000",
        }.get(kind, "x")
        url = re.sub(rf"<(?:\w+:)?{name}>", value, url)
    return "/" + url


def server_errors(client, urls: list[str], query: dict | None = None) -> list[str]:
    """The URLs that answer 5xx, each requested by a signed-in administrator
    (signed in again each time: some admin pages sign out)."""
    client.raise_request_exception = False
    root = User.objects.filter(
        username="root"
    ).first() or User.objects.create_superuser("root", "root@example.org", "x")
    errors = []
    for url in urls:
        client.force_login(root)
        status = client.get(url, query or {}).status_code
        if status >= 500:
            errors.append(f"{url}: {status}")
    return errors


def test_every_id_in_a_url_too_big_for_its_column_is_not_found(client, force):
    urls = [u for r, p in routes() if (u := hostile_url(r, p)) is not None]
    assert len(urls) > 80
    assert server_errors(client, urls) == []


#: Query parameters the site's pages and reports read, each made up.
HOSTILE_QUERY = {
    "p": TOO_BIG,
    "page": TOO_BIG,
    "q": "a\x00b",
    "ordering": "-no_such_field",
    "month": "9999-12",
    "quiz": TOO_BIG,
    "programme": TOO_BIG,
    "team": TOO_BIG,
    "area": TOO_BIG,
    "status": "\x00",
    "weeks_from": "9999-12-31",
    "due_from": "0001-01-01",
    "due_to": "9999-12-31",
    "staff_number": "A\r\nB\x00",
    "next": "//evil.example/",
}


#: Wagtail's page that fails on purpose (to check error reporting).
WAGTAILS_OWN_500 = "admin/failwhale/"


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_every_page_given_made_up_query_parameters_answers(client, force, export):
    urls = [
        "/" + route
        for route, pattern in routes()
        if not pattern.pattern.converters
        and "^" not in route
        and "(" not in route
        and route != WAGTAILS_OWN_500
    ]
    assert len(urls) > 80
    query = {**HOSTILE_QUERY, **({"export": export} if export else {})}
    assert server_errors(client, urls, query) == []
