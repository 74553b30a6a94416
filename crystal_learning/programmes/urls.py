from django.urls import path

from . import reminder_views, views

app_name = "crystal_programmes"

urlpatterns = [
    path("", views.my_training, name="my_training"),
    path("reminders/", reminder_views.reminder_setting, name="reminders"),
    path(
        "certificates/<uuid:certificate_uuid>/", views.certificate, name="certificate"
    ),
    path(
        "certificates/<uuid:certificate_uuid>/pdf/",
        views.certificate_download,
        name="certificate_pdf",
    ),
]
