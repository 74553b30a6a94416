"""Learner URLs of the modules app besides Wagtail's pages."""

from django.urls import path

from . import views

app_name = "crystal_modules"

urlpatterns = [
    path("<str:kind>/<int:pk>/", views.resource_open, name="resource_open"),
]
