"""The four roles, as Django groups created by a data migration."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

LEARNER = "Learner"
SUPERVISOR = "Supervisor"
TRAINING_MANAGER = "Training manager"
CONTENT_EDITOR = "Content editor"


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The role names a user holds, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_crystal_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._crystal_roles = cached
    return cached


def has_role(user: AbstractBaseUser | AnonymousUser, role: str) -> bool:
    return user.is_authenticated and (user.is_superuser or role in user_roles(user))
