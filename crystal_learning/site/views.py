"""Sign-in and sign-out, styled for the site."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponseForbidden, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Enter a correct username and password. Both are case-sensitive."
        ),
        "inactive": _("This account is not active. Ask your training manager."),
    }


class SignInView(auth_views.LoginView):
    """Password sign-in (unless switched off) and the force account button."""

    template_name = "crystal_site/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_sign_in"] = settings.CRYSTAL_PASSWORD_SIGN_IN
        context["oidc_enabled"] = settings.CRYSTAL_OIDC_ENABLED
        context["provider_name"] = settings.CRYSTAL_OIDC_PROVIDER_NAME
        return context

    def post(self, request, *args, **kwargs):
        if not settings.CRYSTAL_PASSWORD_SIGN_IN:
            return HttpResponseForbidden(
                _("Password sign-in is switched off: sign in with your force account.")
            )
        return super().post(request, *args, **kwargs)


class SignOutView(auth_views.LogoutView):
    pass


@login_not_required
@never_cache
@require_GET
def health(request):
    """200 when the database, the job queue and the outbox are healthy, else 503."""
    from .health import health as run_checks

    ok, body = run_checks()
    return JsonResponse(body, status=200 if ok else 503)
