"""What a learner's browser fetches (issue 21): with production's static storage
(collectstatic into a temporary STATIC_ROOT), every learner page's CSS and JS
is under 100 KB as sent compressed, under hashed names that whitenoise lets
browsers keep for ten years. bench/front_end.py measures the same on a server."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.http import HttpResponseNotFound
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from whitenoise.middleware import WhiteNoiseMiddleware

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Assignment, Certificate
from modules.models import ResourcePage, TilePage, VideoModulePage
from quizzes.models import QuizPage
from tests.helpers import sign_in
from tests.modules.factories import module_watched, publish_child
from tests.modules.packages.factories import package_module
from tests.site.helpers import settings_value

BUDGET = 100 * 1024
#: The base template's files load on every page: they may take half the budget,
#: the rest is for what a page adds (the video player, a package's runtime).
BASE_SHARE = BUDGET // 2
TEN_YEARS = 10 * 365 * 24 * 3600
HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")
STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*\bhref=\"([^\"]+)\"")
SCRIPT = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)>")
IMPORT = re.compile(
    r"""(?:^|[;\s])(?:import|export)\b[^;"']*?(?:\bfrom\s*)?["']([./][^"']+)["']"""
)
IFRAME = re.compile(r"<iframe\b[^>]*\bsrc=\"([^\"]+)\"")
START = re.compile(r"action=\"([^\"]+/start/)\"")
LAUNCH = re.compile(r"action=\"(/packages/launch/[^\"]+)\"")


@pytest.fixture(scope="module")
def static_server(tmp_path_factory):
    """Production's storage collected into a temporary STATIC_ROOT, and
    whitenoise serving it as in production (no finders, no autorefresh).

    Only the hashed names are kept, so a page naming a file by its plain name
    fails here. Wagtail's and import-export's admin files are left out (the
    compression would take most of the test's time): a learner page that used
    one fails too, as the manifest has no such name."""
    backend = settings_value(
        "settings.STORAGES['staticfiles']['BACKEND']",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.production",
        SECRET_KEY="y" * 60,
    )
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": backend},
    }
    with override_settings(
        STATIC_ROOT=tmp_path_factory.mktemp("static"),
        STORAGES=storages,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_KEEP_ONLY_HASHED_FILES=True,
    ):
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            ignore_patterns=["wagtail*", "import_export"],
        )
        yield WhiteNoiseMiddleware(get_response=lambda request: HttpResponseNotFound())


def fetch(server, url: str, encoding: str = "") -> tuple[bytes, dict]:
    request = RequestFactory().get(url, HTTP_ACCEPT_ENCODING=encoding)
    response = server(request)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content)
    response.close()
    return body, response.headers


def page_assets(server, url: str, html: str) -> list[str]:
    """Every CSS and JS path the page loads, with what its ES modules import."""
    found = [(href, False) for href in STYLESHEET.findall(html)]
    found += [(src, "module" in f"{a}{b}") for a, src, b in SCRIPT.findall(html)]
    queue = [(urljoin(url, src.replace("&amp;", "&")), mod) for src, mod in found]
    assets: list[str] = []
    while queue:
        asset, is_module = queue.pop(0)
        if asset in assets:
            continue
        assets.append(asset)
        if is_module:
            body = fetch(server, urlsplit(asset).path)[0].decode()
            queue += [(urljoin(asset, name), True) for name in IMPORT.findall(body)]
    return [urlsplit(asset).path for asset in assets]


def learner_pages(officer: Person) -> dict[str, tuple[str, str]]:
    """name: (url, html) of each learner page, seen by the signed-in officer."""
    client = Client()
    pages = {"sign in": ("/accounts/sign-in/", client.get("/accounts/sign-in/").text)}
    sign_in(client, "officer")
    tile = TilePage.objects.get(slug="op-crystal")
    module = VideoModulePage.objects.live().order_by("path").first()
    module_watched(officer, module)  # so that its quiz opens
    assignment = Assignment.objects.filter(person=officer).first()
    certificate = Certificate.objects.create(
        assignment=assignment,
        person=officer,
        programme=assignment.programme,
        completed_at=timezone.now(),
    )
    guide = publish_child(tile, ResourcePage(title="Guide", slug="guide"))
    urls = {
        "My training": "/my-training/",
        "learning home": "/",
        "tile": tile.url,
        "video module": module.url,
        "resource page": guide.url,
        "quiz": QuizPage.objects.get(slug=f"quiz-{module.slug}").url,
        "package module": package_module(tile=tile, kind="scorm2004").url,
        "certificate": f"/my-training/certificates/{certificate.uuid}/",
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        pages[name] = (url, response.text)
    question = client.post(START.search(pages["quiz"][1]).group(1), follow=True)
    pages["quiz question"] = (question.request["PATH_INFO"], question.text)
    player = client.post(LAUNCH.search(pages["package module"][1])[1], follow=True)
    pages["package player"] = (player.request["PATH_INFO"], player.text)
    frame = IFRAME.search(player.text).group(1).replace("&amp;", "&")
    pages["SCORM 2004 frame"] = (frame, client.get(frame).text)
    return pages


@pytest.fixture
def learner_assets(static_server, force) -> dict[str, list[str]]:
    """name: the paths of the site's CSS and JS each learner page loads (a
    package frame's own files are the package author's, not counted)."""
    officer = Person.objects.get(user__username="officer")
    assets = {
        name: page_assets(static_server, url, html)
        for name, (url, html) in learner_pages(officer).items()
    }
    for name, paths in assets.items():
        assert paths, f"{name} loads no CSS or JS: is the page there?"
    return {
        name: [path for path in paths if path.startswith("/static/")]
        for name, paths in assets.items()
    }


def sent_size(server, paths: list[str]) -> int:
    """Bytes sent for these files to a browser taking brotli or gzip."""
    total = 0
    for path in paths:
        body, headers = fetch(server, path, "br, gzip")
        assert headers.get("Content-Encoding") in ("br", "gzip"), path
        total += len(body)
    return total


def test_every_learner_page_loads_under_100_kb_of_css_and_js(
    static_server, learner_assets
):
    sizes = {name: sent_size(static_server, p) for name, p in learner_assets.items()}
    over = {name: size for name, size in sizes.items() if size > BUDGET}
    assert not over, f"over {BUDGET:,} bytes of CSS and JS: {over}"
    # The base template's share: what the sign-in page (the bare base) loads.
    assert sizes["sign in"] <= BASE_SHARE, sizes["sign in"]
    # No editor tools reach a learner: Wagtail's userbar and admin are not loaded.
    loaded = {path for paths in learner_assets.values() for path in paths}
    assert not [path for path in loaded if path.startswith("/static/wagtail")]


def test_every_css_and_js_name_is_hashed_and_kept_for_ten_years(
    static_server, learner_assets
):
    loaded = sorted({path for paths in learner_assets.values() for path in paths})
    assert any("govuk-frontend" in path for path in loaded), "modules' imports"
    for path in loaded:
        assert HASHED.search(path), f"{path} has no content hash in its name"
        cache = fetch(static_server, path)[1]["Cache-Control"]
        assert "immutable" in cache and "public" in cache, (path, cache)
        assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= TEN_YEARS, cache
