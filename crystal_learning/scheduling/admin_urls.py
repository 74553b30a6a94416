"""Wagtail admin URLs for planning briefings; included from wagtail_hooks.py."""

from django.urls import path

from . import plan_views

app_name = "crystal_scheduling_admin"

urlpatterns = [
    path("", plan_views.plans, name="plans"),
    path("calendar/", plan_views.sessions_calendar, name="calendar"),
    path("<int:pk>/", plan_views.plan_detail, name="plan"),
    path("<int:pk>/publish/", plan_views.plan_publish_view, name="publish"),
]
