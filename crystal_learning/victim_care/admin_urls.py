"""Wagtail admin URLs for victim care; included from wagtail_hooks.py."""

from django.urls import path

from . import admin_views

app_name = "crystal_victim_care_admin"

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("import/", admin_views.upload, name="upload"),
    path("import/<int:pk>/", admin_views.preview, name="preview"),
    path("import/<int:pk>/status/", admin_views.status, name="status"),
    path("import/<int:pk>/apply/", admin_views.apply, name="apply"),
]
