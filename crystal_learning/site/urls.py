from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import oidc, views
from .language import language_switch

app_name = "crystal_site"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("force/", login_not_required(oidc.SignInStart.as_view()), name="oidc_start"),
    # Cymraeg / English: open to everyone, so the sign-in page can be read in
    # Welsh; kept on the person's record when signed in.
    path("language/", language_switch, name="set_language"),
]
