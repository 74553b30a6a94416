from django.urls import path

from . import views

app_name = "crystal_scheduling"

urlpatterns = [
    path("<str:token>.ics", views.person_feed, name="person_feed"),
    path("sessions/<uuid:session_uuid>.ics", views.session_feed, name="session_feed"),
    path("create/", views.calendar_create, name="create"),
    path("revoke/", views.calendar_revoke, name="revoke"),
]
