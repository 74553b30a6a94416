"""Links to guides, leaflets and vlogs that record their opening, and when the
learner last opened each ("Opened 3 Dec")."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def resource_url(kind: str, resource) -> str:
    """The tracked link to a document or vlog (modules.views.resource_open)."""
    if resource is None:
        return ""
    return reverse("crystal_modules:resource_open", args=[kind, resource.pk])


@register.simple_tag
def resource_opened(opened, kind: str, resource):
    """The day the learner last opened it, from `resources_opened` (a page
    context variable set only where the page is not cached), or None."""
    if not opened or resource is None:
        return None
    return opened.get((kind, resource.pk))


@register.simple_tag
def team_opened(team, kind: str, resource) -> str:
    """For a supervisor: "Your team: 3 of 9 opened", from
    `team_resources_opened` (empty for anyone who supervises nobody)."""
    if not team or resource is None:
        return ""
    count = team.counts.get((kind, resource.pk), 0)
    return _("Your team: %(count)s of %(size)s opened") % {
        "count": count,
        "size": team.size,
    }
