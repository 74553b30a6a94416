"""Wagtail admin URLs for the HR import; included from wagtail_hooks.py."""

from django.urls import path

from . import import_views

app_name = "crystal_people_admin"

urlpatterns = [
    path("", import_views.upload, name="upload"),
    path("<int:pk>/", import_views.preview, name="preview"),
    path("<int:pk>/apply/", import_views.apply, name="apply"),
    path("<int:pk>/status/", import_views.status, name="status"),
]
