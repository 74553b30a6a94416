"""Sign-in and sign-out, styled for the site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crystal_learning import conf

from .language import language_restore


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

    # as_view() reads login_not_required from dispatch: keep it on the override.
    @method_decorator(login_not_required)
    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        if self.sent_back_from_admin(request):
            return admin_refused(request)
        return super().dispatch(request, *args, **kwargs)

    def sent_back_from_admin(self, request) -> bool:
        """Wagtail sends a signed-in person without the admin here to sign in;
        sending them on to the admin again would go round for ever."""
        return (
            request.user.is_authenticated
            and not may_use_admin(request.user)
            and self.get_redirect_url().startswith(reverse("wagtailadmin_home"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_sign_in"] = conf.password_sign_in()
        context["oidc_enabled"] = conf.oidc_enabled()
        context["provider_name"] = conf.oidc_provider_name()
        return context

    def form_valid(self, form):
        return language_restore(self.request, super().form_valid(form))

    def post(self, request, *args, **kwargs):
        if not conf.password_sign_in():
            return HttpResponseForbidden(
                _("Password sign-in is switched off: sign in with your force account.")
            )
        return super().post(request, *args, **kwargs)


class SignOutView(auth_views.LogoutView):
    """Sign out, then say so on the sign-in page (the message outlives the
    session: Django keeps it in a cookie once the session is gone)."""

    def post(self, request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, _("You have signed out."))
        return response


#: Wagtail's message when it turns someone away from the admin.
WAGTAIL_REFUSAL = "You do not have permission to access the admin."


def may_use_admin(user) -> bool:
    return user.has_perm("wagtailadmin.access_admin")


def admin_refused(request: HttpRequest) -> HttpResponse:
    """403 for a signed-in person without the admin, with the way back."""
    refusal = gettext(WAGTAIL_REFUSAL)
    # Reading the messages uses them up: Wagtail's own refusal is not shown
    # twice here nor again on the next page.
    others = [m for m in messages.get_messages(request) if str(m).strip() != refusal]
    return render(
        request,
        "crystal_site/admin_refused.html",
        {"messages": others},
        status=403,
    )


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for where a page names no icon (a PDF
    opened from a resource link): the site's icon, by its hashed name."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.http import HttpResponseRedirect

    return HttpResponseRedirect(staticfiles_storage.url("crystal_learning/favicon.svg"))


@login_not_required
@never_cache
@require_GET
def health(request):
    """200 when this web process can serve (the database answers), else 503;
    the worker and the outbox are reported in the body ("degraded"). With
    ?strict=1, any failing check answers 503 (monitoring)."""
    from .health import health as run_checks

    strict = request.GET.get("strict", "").lower() in {"1", "true", "yes"}
    ok, body = run_checks(strict=strict)
    return JsonResponse(body, status=200 if ok else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the site's header and a way back; plain text if even
    rendering that fails (the database may be the thing that is down)."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001 - an error page must not fail in turn
        return HttpResponseServerError(
            "Sorry, there is a problem with the service. Try again later.",
            content_type="text/plain; charset=utf-8",
        )
