"""Views of the modules app besides Wagtail's page serving."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from .selectors import module_standing


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
