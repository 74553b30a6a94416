from django.urls import path

from . import views

app_name = "crystal_reports"

urlpatterns = [
    path("my-teams/", views.my_teams, name="my_teams"),
    path(
        "my-teams/export.<str:kind>",
        views.my_teams_export,
        name="my_teams_export",
    ),
    path("my-teams/remind/<int:assignment_id>/", views.remind, name="remind"),
    path("coverage/", views.coverage, name="coverage"),
    path("abstraction/", views.abstraction, name="abstraction"),
]
