from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .navigation import navigation_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    person = (
        getattr(user, "person", None)
        if user is not None and user.is_authenticated
        else None
    )
    return {
        "crystal_site_name": settings.WAGTAIL_SITE_NAME,
        "crystal_nav": navigation_for(user) if user is not None else [],
        "crystal_person": person,
    }
