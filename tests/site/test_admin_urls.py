"""Hand-written admin screens have one home per app, `<app>/admin_urls.py`, under
the namespace `crystal_<app>_admin`; wagtail_hooks.py only includes it (issue 16)."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, resolve, reverse
from wagtail import hooks

#: namespace -> (admin_urls module, where it sits in the admin, one page to open,
#: who opens it)
ADMIN_URLS = {
    "crystal_modules_admin": (
        "modules.admin_urls",
        "/admin/packages/",
        "waive",
        "training_manager",
    ),
    "crystal_people_admin": (
        "crystal_learning.people.admin_urls",
        "/admin/people-import/",
        "upload",
        "training_manager",
    ),
    "crystal_privacy_admin": (
        "crystal_learning.privacy.admin_urls",
        "/admin/personal-data/",
        "personal_data",
        "superuser",
    ),
    "crystal_reports_admin": (
        "crystal_learning.reports.admin_urls",
        "/admin/reports/training/",
        "coverage",
        "training_manager",
    ),
    "crystal_scheduling_admin": (
        "crystal_learning.scheduling.admin_urls",
        "/admin/plans/",
        "plans",
        "training_manager",
    ),
    "crystal_xapi_admin": (
        "crystal_learning.xapi.admin_urls",
        "/admin/xapi-forwarding/",
        "dead_letters",
        "superuser",
    ),
    "crystal_victim_care_admin": (
        "crystal_learning.victim_care.admin_urls",
        "/admin/victim-care/",
        "index",
        "training_manager",
    ),
    "crystal_quizzes_admin": (
        "quizzes.admin_urls",
        "/admin/reports/quiz-items/",
        "item_analysis",
        "training_manager",
    ),
}
OUR_PACKAGES = ("crystal_learning.", "modules.", "quizzes.")


def our_admin_url_hooks():
    return [
        fn
        for fn in hooks.get_hooks("register_admin_urls")
        if fn.__module__.startswith(OUR_PACKAGES)
    ]


@pytest.mark.parametrize("namespace", sorted(ADMIN_URLS))
def test_each_admin_urls_module_names_its_namespace(namespace):
    module = importlib.import_module(ADMIN_URLS[namespace][0])
    assert module.app_name == namespace
    assert all(isinstance(p, URLPattern) for p in module.urlpatterns)


@pytest.mark.parametrize("namespace", sorted(ADMIN_URLS))
def test_every_admin_url_name_resolves_under_its_namespace(namespace):
    dotted, prefix, _page, _who = ADMIN_URLS[namespace]
    module = importlib.import_module(dotted)
    assert module.urlpatterns
    for pattern in module.urlpatterns:
        kwargs = dict.fromkeys(pattern.pattern.converters, 7)
        url = reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)
        assert url.startswith(prefix)
        match = resolve(url)
        assert (match.namespace, match.url_name) == (namespace, pattern.name)
        assert match.func == pattern.callback


def test_the_hooks_only_include_the_admin_urls_modules():
    included = {}
    for fn in our_admin_url_hooks():
        for entry in fn():
            assert isinstance(entry, URLResolver), (
                f"{fn.__module__}.{fn.__name__} builds a URL itself; "
                "put it in the app's admin_urls.py"
            )
            module = entry.urlconf_module
            assert module.__name__ == fn.__module__.replace(
                ".wagtail_hooks", ".admin_urls"
            )
            assert entry.namespace == module.app_name
            included[entry.namespace] = "/admin/" + str(entry.pattern)
    assert included == {ns: spec[1] for ns, spec in ADMIN_URLS.items()}


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", "admin@example.org", "password")


@pytest.mark.parametrize("namespace", sorted(ADMIN_URLS))
def test_one_page_per_namespace_opens(db, request, client, namespace):
    _dotted, _prefix, page, who = ADMIN_URLS[namespace]
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))
    url = reverse(f"{namespace}:{page}")
    assert client.get(url).status_code == 200
