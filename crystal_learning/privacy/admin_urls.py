"""Wagtail admin URLs for personal data requests; included from wagtail_hooks.py."""

from django.urls import path

from . import views

app_name = "crystal_privacy_admin"

urlpatterns = [
    path("", views.personal_data, name="personal_data"),
    path("erase/", views.erase, name="erase"),
]
