from tests.reports.test_coverage import progress_made  # noqa: F401
