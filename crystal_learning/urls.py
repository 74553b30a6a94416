from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from crystal_learning import conf
from crystal_learning.site import oidc
from crystal_learning.site import views as site_views
from crystal_learning.xapi import protocol as xapi_protocol

urlpatterns = [
    path("accounts/", include("crystal_learning.site.urls")),
    path("health/", site_views.health, name="health"),
    path("favicon.ico", site_views.favicon),
    # mozilla-django-oidc reverses this name for the redirect URI.
    path(
        "accounts/oidc/callback/",
        login_not_required(oidc.SignInCallback.as_view()),
        name="oidc_authentication_callback",
    ),
    path("my-training/", include("crystal_learning.programmes.urls")),
    # "/xapi" without its slash is the LRS's too: a JSON 404, never a page.
    re_path(r"^xapi$", xapi_protocol.not_found),
    path("xapi/", include("crystal_learning.xapi.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("packages/", include("modules.packages.urls")),
    # A guide, leaflet or vlog opened by a learner: recorded, then served.
    path("resources/", include("modules.urls")),
    path("calendar/", include("crystal_learning.scheduling.urls")),
    path("reports/", include("crystal_learning.reports.urls")),
    path("reports/my-teams/", include("crystal_learning.victim_care.urls")),
    # One way in: Wagtail's own password sign-in pages would bypass the switch
    # for password sign-in and the force account button.
    path(
        "admin/login/",
        login_not_required(
            RedirectView.as_view(url="/accounts/sign-in/", query_string=True)
        ),
    ),
    path(
        "_util/login/",
        login_not_required(
            RedirectView.as_view(url="/accounts/sign-in/", query_string=True)
        ),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.DEBUG or conf.serve_media():
    # Range-aware, so videos can be seeked; production serves media from the proxy.
    from crystal_learning.site.media_serve import serve_media

    urlpatterns += [
        re_path(
            # Extracted packages are served only by /packages/run/ (sandboxed).
            r"^media/(?!packages/)(?P<path>.*)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

# 403 and 404 use the templates 403.html and 404.html (site app) through
# Django's own handlers; 500 renders with the request, falling back to text.
handler500 = "crystal_learning.site.views.server_error"
