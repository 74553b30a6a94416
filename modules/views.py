"""Views of the modules app besides Wagtail's page serving."""

from __future__ import annotations

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
    JsonResponse,
)
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from crystal_learning.xapi.activities import RESOURCE_KINDS, ActivityKind

from .selectors import module_standing, resource_for
from .services import resource_opened


def module_standing_json(request: HttpRequest, *, page) -> JsonResponse:
    """`<module page>?standing=json`: where the signed-in learner stands, for
    the player to update the page when the server completes the module. Read
    only; an account with no person record is not tracked."""
    person = getattr(request.user, "person", None)
    if person is None:
        return JsonResponse({"tracking": False})
    standing = module_standing(person=person, page=page)
    return JsonResponse(
        {"tracking": True, "done": standing.done, "percent": standing.percent}
    )


#: Parameters that would name someone else: the link records its opener only.
_ACTOR_PARAMETERS = ("person", "actor", "agent", "staff_number", "user")


@require_GET
def resource_open(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """`/resources/<document|vlog>/<id>/`: record that the signed-in learner
    opened a guide, leaflet or vlog (the server sets the statement; the browser
    only follows the link), then send them to the file itself. An account
    with no person record is sent on untracked. A link that names anyone, by
    any id, is refused: nobody records a viewing for someone else."""
    if kind not in RESOURCE_KINDS:
        raise Http404
    person = getattr(request.user, "person", None)
    named = {name.lower().rstrip("[]") for name in request.GET}
    if named & set(_ACTOR_PARAMETERS):
        return HttpResponseForbidden(
            _("This link records only your own viewing: it takes no person.")
        )
    resource = resource_for(ActivityKind(kind), pk)
    if resource is None:
        raise Http404
    if person is not None:
        resource_opened(person=person, kind=ActivityKind(kind), resource=resource)
    return HttpResponseRedirect(resource.url)
