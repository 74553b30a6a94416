"""Sign-in and sign-out, styled for the site."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
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
    template_name = "crystal_site/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


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
