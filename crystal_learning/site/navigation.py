"""What the header offers each role."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crystal_learning.people.roles import SUPERVISOR, TRAINING_MANAGER, has_role
from crystal_learning.people.selectors import supervised_team_ids


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
    if supervised_team_ids(user=user):
        items.append(NavItem(_("My teams"), reverse("crystal_reports:my_teams")))
    if has_role(user, TRAINING_MANAGER):
        items.append(NavItem(_("Coverage"), reverse("crystal_reports:coverage")))
    if has_role(user, SUPERVISOR) or has_role(user, TRAINING_MANAGER):
        items.append(NavItem(_("Reviews"), reverse("crystal_quizzes:reviews")))
    if user.has_perm("wagtailadmin.access_admin"):
        items.append(NavItem(_("Admin"), reverse("wagtailadmin_home")))
    return items
