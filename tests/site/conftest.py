from __future__ import annotations

import pytest

from tests.modules.factories import tile_page


@pytest.fixture
def learning_site(sign_ins):
    """The demo's sign-ins and learning home with its two tiles, built small."""
    tile_page(slug="op-crystal", title="Op Crystal")
    tile_page(slug="victim-care", title="Victim care")
    return sign_ins
