"""The learner's landing page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Site

from modules.selectors import learner_modules, learning_tiles


def my_training(request: HttpRequest) -> HttpResponse:
    """My training: until programmes exist, the videos with status, and the tiles."""
    site = Site.find_for_request(request)
    person = getattr(request.user, "person", None)
    return render(
        request,
        "crystal_programmes/my_training.html",
        {
            "tiles": learning_tiles(site=site),
            "modules": learner_modules(site=site, person=person),
            "person": person,
        },
    )
