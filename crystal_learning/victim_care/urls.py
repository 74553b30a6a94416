"""A supervisor's victim care checks, under My teams (included in the site's URLs)."""

from django.urls import path

from . import supervision_views

app_name = "crystal_victim_care"

urlpatterns = [
    path("ring-back/", supervision_views.ring_back, name="ring_back"),
    path("dip-sample/", supervision_views.dip_sample, name="dip_sample"),
]
