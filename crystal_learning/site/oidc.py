"""Sign-in through the force's identity provider (OpenID Connect, code flow).

mozilla-django-oidc does the protocol; this module adds what a force needs:
the endpoints come from the issuer's discovery document, the id token's
issuer, audience and expiry are checked, the signed-in user is the Person
whose staff number the provider vouches for (the HR import stays the source
of people: nobody is created here), and the provider's app roles decide the
role groups they map to (docs/security.md).
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from crystal_learning import conf

from .language import language_restore

logger = logging.getLogger(__name__)

#: Our setting -> the key of the discovery document that supplies it.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


@lru_cache(maxsize=4)
def discovery(issuer: str) -> dict:
    """The provider's /.well-known/openid-configuration (cached per process)."""
    url = f"{issuer}/.well-known/openid-configuration"
    response = requests.get(
        url, timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL
    )
    response.raise_for_status()
    document = response.json()
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ImproperlyConfigured(
            f"The discovery document at {url} names issuer {document.get('issuer')!r},"
            f" not {issuer!r} (OIDC_OP_ISSUER)."
        )
    return document


def oidc_setting(attr: str, *args):
    """A setting, with the provider's endpoints filled in from discovery."""
    value = import_from_settings(attr, *args)
    if attr in DISCOVERED and not value and conf.oidc_enabled():
        value = discovery(settings.OIDC_OP_ISSUER).get(DISCOVERED[attr]) or value
    return value


class ForceOIDCBackend(OIDCAuthenticationBackend):
    """Signs in the Person whose staff number the identity provider asserts."""

    get_settings = staticmethod(oidc_setting)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        issuer = settings.OIDC_OP_ISSUER
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("The id token comes from another issuer.")
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The id token is meant for another client.")
        if float(payload.get("exp", 0)) < time.time():
            raise SuspiciousOperation("The id token has expired.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The id token's claims, completed by the userinfo endpoint if any."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo describes another subject.")
            claims.update(userinfo)
        return claims

    def staff_number(self, claims) -> str:
        return str(claims.get(conf.oidc_staff_number_claim()) or "").strip()

    def describe_user_by_claims(self, claims):
        return f"staff number {self.staff_number(claims)!r}"

    def verify_claims(self, claims):
        return bool(self.staff_number(claims))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            person__staff_number=self.staff_number(claims), person__active=True
        )

    def create_user(self, claims):
        # People come from the HR import: a staff number we do not hold (or a
        # person who has left) does not sign in.
        raise SuspiciousOperation(
            f"No active person has {self.describe_user_by_claims(claims)}."
        )

    @transaction.atomic
    def update_user(self, user, claims):
        """Give the user exactly the mapped groups their app roles name."""
        roles = claims.get(conf.oidc_roles_claim()) or []
        if isinstance(roles, str):
            roles = roles.split()
        mapping = conf.oidc_role_groups()
        wanted = {mapping[role] for role in roles if role in mapping}
        managed = Group.objects.filter(name__in=set(mapping.values()))
        for group in managed:
            if group.name in wanted:
                user.groups.add(group)
            else:
                user.groups.remove(group)
        unknown = wanted - {group.name for group in managed}
        if unknown:
            logger.warning("OIDC role mapping names unknown groups: %s", unknown)
        return user

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as error:
            logger.warning("OIDC sign-in refused: %s", error)
            return None
        except (requests.RequestException, ValueError) as error:
            # The provider did not answer, or answered nonsense: not signed in.
            logger.warning("OIDC sign-in failed: %s", error)
            if request is not None:
                request.crystal_oidc_error = _(
                    "Your force account could not be checked just now. "
                    "Try again in a few minutes."
                )
            return None


class OnlyWhenConfigured:
    """404 while no identity provider is configured."""

    get_settings = staticmethod(oidc_setting)

    def dispatch(self, request, *args, **kwargs):
        if not conf.oidc_enabled():
            raise Http404("Single sign-on is not configured.")
        return super().dispatch(request, *args, **kwargs)


class SignInStart(OnlyWhenConfigured, OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider."""

    def __init__(self, *args, **kwargs):
        if conf.oidc_enabled():
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


class SignInCallback(OnlyWhenConfigured, OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; failures explained on sign-in."""

    def login_success(self):
        return language_restore(self.request, super().login_success())

    def login_failure(self):
        message = getattr(self.request, "crystal_oidc_error", None) or _(
            "Your force account did not sign you in here. If you have just joined, "
            "your record may not have reached Crystal Learning yet: ask your "
            "training manager."
        )
        if self.request.GET.get("error"):
            message = _("The sign-in was cancelled or refused by your force account.")
        messages.error(self.request, message)
        return HttpResponseRedirect(reverse(settings.LOGIN_URL))
