"""Launching a unit of a package module: the page's Start / Resume button."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from .models import PackageLaunch, PackageModulePage
from .services import LaunchRefused, launch_file_url, launch_start, unit_launch_target
from .serving import sandbox_flags, url_origin

#: The session key of the content URLs of the person's recent launches.
PLAYERS_KEY = "crystal.package_players"
PLAYERS_KEPT = 20


def _visible_page(request: HttpRequest, page_id: int) -> PackageModulePage:
    """The live package page, if this person may see it (view restrictions too)."""
    page = PackageModulePage.objects.live().filter(pk=page_id).first()
    if page is None or not page.package_structure:
        raise Http404("No such package module.")
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404("No such package module.")
    return page


def _launch_url(request: HttpRequest, launch, secret: str, unit) -> str:
    if launch.kind == "cmi5":
        from . import cmi5

        return cmi5.launch_url(request, launch, secret)
    if launch.kind == "tincan":
        from . import tincan

        return tincan.launch_url(request, launch, secret)
    return launch_file_url(launch, unit_launch_target(unit), request=request)


@never_cache
@require_POST
def package_launch(request: HttpRequest, page_id: int, unit_index: int) -> HttpResponse:
    """Start (or resume) one unit: a new launch, then the player framing it."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied("Only people in the force's records can launch this.")
    page = _visible_page(request, page_id)
    units = page.package_structure.units
    if not 0 <= unit_index < len(units):
        raise Http404("This package has no such unit.")
    unit = units[unit_index]
    mode = request.POST.get("mode", "Normal")
    try:
        launch, secret = launch_start(
            page=page, person=person, unit_id=unit.id, mode=mode
        )
    except LaunchRefused as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    url = _launch_url(request, launch, secret, unit)
    if unit.launch_method == "OwnWindow":
        return redirect(url)
    # Post/redirect/get: the player is a page of its own, so a reload shows the
    # same launch instead of starting another. The content URL holds the
    # launch's secret, so it is kept in the server-side session, never stored.
    players = request.session.get(PLAYERS_KEY, {})
    players = dict(list(players.items())[-(PLAYERS_KEPT - 1) :])
    players[str(launch.pk)] = url
    request.session[PLAYERS_KEY] = players
    return redirect("crystal_packages:player", launch_id=launch.pk)


@never_cache
@require_safe
def package_player(request: HttpRequest, launch_id) -> HttpResponse:
    """The player framing one of the person's own launches (404 for anyone else's)."""
    person = getattr(request.user, "person", None)
    url = request.session.get(PLAYERS_KEY, {}).get(str(launch_id))
    launch = (
        PackageLaunch.objects.select_related("page")
        .filter(pk=launch_id, person=person)
        .first()
        if person is not None
        else None
    )
    if launch is None or not url:
        raise Http404("No such launch: start the unit again from its module page.")
    page = _visible_page(request, launch.page_id)
    unit = next(
        (u for u in page.package_structure.units if u.id == launch.unit_id), None
    )
    if unit is None:
        raise Http404("This package has no such unit.")
    response = render(
        request,
        "crystal_modules/package_player.html",
        {
            "page": page,
            "unit": unit,
            "launch": launch,
            "content_url": url,
            "sandbox": sandbox_flags(),
        },
    )
    origin = url_origin(url)
    if origin and origin != request.build_absolute_uri("/").rstrip("/"):
        response._csp_update = {"frame-src": [origin]}
    return response


@login_not_required
@never_cache
@require_safe
@xframe_options_sameorigin
def package_finished(request: HttpRequest, launch_id) -> HttpResponse:
    """Where cmi5 content goes when it ends (LaunchData's returnURL): a page the
    player may frame, which tells the player to go back to the module. It
    shows nothing but that sentence, so it needs no sign-in (the frame is
    sandboxed and may carry no cookie)."""
    response = render(
        request, "crystal_modules/package_finished.html", {"launch_id": launch_id}
    )
    response._csp_replace = {"frame-ancestors": ["'self'"]}
    return response
