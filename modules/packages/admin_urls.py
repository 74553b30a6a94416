from django.urls import path

from . import admin_views

app_name = "crystal_packages_admin"

urlpatterns = [path("waive/", admin_views.unit_waiver, name="waive")]
