"""Wagtail admin URLs for LRS forwarding; included from wagtail_hooks.py."""

from django.urls import path

from . import admin_views

app_name = "crystal_xapi_admin"

urlpatterns = [
    path("", admin_views.dead_letters, name="dead_letters"),
    path("retry/", admin_views.dead_letters_retry_view, name="retry"),
    path(
        "endpoints/<int:pk>/resume/",
        admin_views.endpoint_resume_view,
        name="resume",
    ),
]
