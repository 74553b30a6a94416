from django.urls import path

from .packages import admin_views, upload_views

app_name = "crystal_modules_admin"

urlpatterns = [
    path("waive/", admin_views.unit_waiver, name="waive"),
    path("upload/", upload_views.upload, name="upload"),
    path("upload/<int:pk>/", upload_views.progress, name="upload_progress"),
    path("upload/<int:pk>/status/", upload_views.status, name="upload_status"),
]
