"""Wagtail admin URLs for training reports; included from wagtail_hooks.py."""

from django.urls import path

from .admin_views import CoverageReportView, OverdueReportView, performance_review_view

app_name = "crystal_reports_admin"

urlpatterns = [
    path("coverage/", CoverageReportView.as_view(), name="coverage"),
    path(
        "coverage/results/",
        CoverageReportView.as_view(results_only=True),
        name="coverage_results",
    ),
    path("overdue/", OverdueReportView.as_view(), name="overdue"),
    path(
        "overdue/results/",
        OverdueReportView.as_view(results_only=True),
        name="overdue_results",
    ),
    path("performance-review/", performance_review_view, name="performance_review"),
]
