from django.urls import path

from . import api

app_name = "crystal_xapi"

urlpatterns = [
    path("statements", api.statements, name="statements"),
    path("about", api.about, name="about"),
]
