"""The production entry point freezes what loading the site made, so that the
garbage collector does not walk it again on every full collection (a My
teams CSV export spent a third of its time in those walks)."""

import gc
import importlib


def test_loading_the_wsgi_application_freezes_the_objects_made_so_far():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        import crystal_learning.wsgi as wsgi

        importlib.reload(wsgi)
        assert callable(wsgi.application)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
