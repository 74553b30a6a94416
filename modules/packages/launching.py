"""The xAPI side of a package launch: where the LRS is, and the resolver that
turns a launch's Basic credentials (`launch-<id>` and its secret) into the
grant of its kind (cmi5.launch_grant, tincan.launch_grant). Appended to
crystal_learning.xapi.launches.resolvers in the modules app's ready()."""

from __future__ import annotations

import hmac
import uuid

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from crystal_learning.xapi.agents import LAUNCH_KEY_PREFIX
from crystal_learning.xapi.launches import LaunchGrant

from .models import PackageLaunch
from .services import LaunchRefused, secret_hash


def xapi_endpoint(request: HttpRequest) -> str:
    """The LRS's base URL, absolute, with its trailing slash (…/xapi/)."""
    about = reverse("crystal_xapi:about")
    return request.build_absolute_uri(about[: about.rindex("about")])


def launch_grant_resolve(user: str, secret: str) -> LaunchGrant | None:
    """The grant of a live launch whose secret this is; None otherwise (401)."""
    try:
        launch_id = uuid.UUID(user.removeprefix(LAUNCH_KEY_PREFIX))
    except ValueError:
        return None
    launch = (
        PackageLaunch.objects.select_related("page", "person")
        .filter(pk=launch_id)
        .first()
    )
    if launch is None or not hmac.compare_digest(
        launch.token_hash, secret_hash(secret)
    ):
        return None
    if launch.abandoned_at is not None or (
        launch.expires_at is not None and launch.expires_at <= timezone.now()
    ):
        return None
    try:
        if launch.kind == "cmi5" and launch.fetched_at is not None:
            from . import cmi5

            return cmi5.launch_grant(launch)
        if launch.kind == "tincan":
            from . import tincan

            return tincan.launch_grant(launch)
    except LaunchRefused:  # the unit is gone from a re-uploaded package
        return None
    return None
