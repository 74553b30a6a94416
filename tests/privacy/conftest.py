import pytest

from tests.reports.helpers import progress_make


@pytest.fixture
def progress_made(constables):
    """Progress across the demo force to export and erase."""
    return progress_make()
