"""The site's URLs plus one that fails, to see the 500 page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from crystal_learning.urls import handler500
from crystal_learning.urls import urlpatterns as site_urlpatterns


@login_not_required
def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", fails), *site_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
