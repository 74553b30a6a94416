from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from . import oidc, views

app_name = "crystal_site"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("force/", login_not_required(oidc.SignInStart.as_view()), name="oidc_start"),
    # Cymraeg / English: open to everyone, so the sign-in page can be read in Welsh.
    path("language/", login_not_required(set_language), name="set_language"),
]
