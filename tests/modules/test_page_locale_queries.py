"""The learner's pages read Wagtail's locale once a request, however many
pages they list (each is shown in the reader's language: `reader_version`),
and in no more queries as modules are added (issue 21.2: My training read it
seven times)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.modules.factories import tile_page, video_module


def add_modules(tile, count: int) -> None:
    for number in range(count):
        video_module(tile=tile, slug=f"module-{number}", title=f"Module {number}")


def queries(client, url: str) -> tuple[int, int]:
    """All queries of a GET, and those reading wagtailcore_locale."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    return len(sql), sum('"wagtailcore_locale"' in q for q in sql)


@pytest.mark.parametrize("page", ["/my-training/", "tile", "module"])
def test_a_learner_page_reads_the_locale_once(
    page, officer_browser, module, op_crystal_tile
):
    tile_page(slug="victim-care", title="Victim care")
    url = {"tile": op_crystal_tile.url, "module": module.url}.get(page, page)
    first = queries(officer_browser, url)  # the tile's cache filled here
    measured = queries(officer_browser, url)
    assert first[1] <= 1 and measured[1] <= 1
    add_modules(op_crystal_tile, 3)
    assert queries(officer_browser, url)[1] <= 1
    assert queries(officer_browser, url) == measured
