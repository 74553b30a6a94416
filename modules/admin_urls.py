from django.urls import path

from .packages import admin_views

app_name = "crystal_modules_admin"

urlpatterns = [path("waive/", admin_views.unit_waiver, name="waive")]
