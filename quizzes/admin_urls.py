"""Wagtail admin URLs for quizzes; included from wagtail_hooks.py."""

from django.urls import path

from .admin_views import ItemAnalysisView

app_name = "crystal_quizzes_admin"

urlpatterns = [
    path("", ItemAnalysisView.as_view(), name="item_analysis"),
    path(
        "results/",
        ItemAnalysisView.as_view(results_only=True),
        name="item_analysis_results",
    ),
]
