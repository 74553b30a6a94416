"""What the header offers each role."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def navigation_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = [
        NavItem(_("My training"), reverse("crystal_programmes:my_training")),
        NavItem(_("Learning"), "/"),
    ]
    if user.has_perm("wagtailadmin.access_admin"):
        items.append(NavItem(_("Admin"), reverse("wagtailadmin_home")))
    return items
