"""Serving a launched package's files: sandboxed, cookie-free, inside its folder.

GET /packages/run/<token>/<path>: the token is a signed, expiring launch id,
so no session cookie is needed (the frame is sandboxed: an opaque origin that
can neither read the site's cookies nor script the site's pages). Every answer
carries a CSP sandbox, so even a package file opened on its own as a page runs
in an opaque origin.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from crystal_learning import conf
from crystal_learning.site.media_serve import serve_media

from .manifests import launch_path
from .models import PackageLaunch
from .services import file_token_launch_id

SANDBOX = "allow-scripts allow-forms allow-popups allow-modals allow-downloads"
POLICY = (
    f"sandbox {SANDBOX}; default-src 'self' data: blob:; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "media-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'self'"
)
HEAD_TAG = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)
HTML_SUFFIXES = (".html", ".htm")


def url_origin(url: str) -> str:
    """scheme://host[:port] of an absolute URL, or "" for a path."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def sandbox_flags() -> str:
    """The sandbox of package documents. On the site's own origin they get an
    opaque origin each. On a separate package origin (CRYSTAL_PACKAGE_ORIGIN)
    they keep that origin ('allow-same-origin'), so a package's own frames can
    talk to each other (Storyline and Rise put the SCO in a frame under their
    SCORM driver) while still reaching nothing of the site's."""
    return f"{SANDBOX} allow-same-origin" if conf.package_origin() else SANDBOX


def package_policy() -> str:
    """The CSP of package files. On a separate package origin, 'self' is that
    origin: the site that frames the files is named as well."""
    if not conf.package_origin():
        return POLICY
    site = url_origin(conf.site_url())
    policy = POLICY.replace(f"sandbox {SANDBOX};", f"sandbox {sandbox_flags()};")
    policy = policy.replace("frame-ancestors 'self'", f"frame-ancestors 'self' {site}")
    # The package's xAPI calls go to the site's LRS.
    return policy.replace("connect-src 'self'", f"connect-src 'self' {site}")


def package_headers(response: HttpResponse) -> HttpResponse:
    response["Content-Security-Policy"] = package_policy()
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.setdefault("Cache-Control", "private, max-age=3600")
    if conf.package_origin():
        response.xframe_options_exempt = True  # frame-ancestors says who may frame
    else:
        response["X-Frame-Options"] = "SAMEORIGIN"
    # The site's policy (and its report-only twin) would replace the sandbox.
    response._csp_exempt = True
    response._csp_exempt_ro = True
    return response


def _launch_for(token: str) -> PackageLaunch:
    launch_id = file_token_launch_id(token)
    launch = None
    if launch_id:
        launch = (
            PackageLaunch.objects.select_related("page")
            .filter(pk=launch_id, page__live=True)
            .first()
        )
    if launch is None or not launch.page.package_sha256:
        raise Http404("This link has expired or does not exist.")
    return launch


def _file_in(root: Path, path: str) -> Path:
    """The file `path` names inside `root`, or 404: never a step outside."""
    if not path or "\x00" in path or "\\" in path:
        raise Http404("Not found")
    base = root.resolve()
    try:
        full = (base / path).resolve()
    except (OSError, ValueError):
        raise Http404("Not found") from None
    if not full.is_relative_to(base) or not full.is_file():
        raise Http404("Not found")
    return full


def _launching_unit_path(launch: PackageLaunch) -> str | None:
    structure = launch.page.package_structure
    for unit in structure.units if structure else ():
        if unit.id == launch.unit_id:
            path = launch_path(unit.url)
            return posixpath.normpath(path) if path else None
    return None


def _with_runtime(full: Path, launch: PackageLaunch) -> HttpResponse:
    """The launching HTML with the SCORM runtime inserted right after <head>."""
    from . import scorm

    snippet = scorm.runtime_snippet(launch).encode("utf-8")
    html = full.read_bytes()
    match = HEAD_TAG.search(html)
    at = match.end() if match else 0
    body = html[:at] + snippet + html[at:]
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@require_safe
def package_file(request: HttpRequest, token: str, path: str) -> HttpResponse:
    launch = _launch_for(token)
    root = launch.page.content_root()
    full = _file_in(root, path)
    relative = full.relative_to(root.resolve()).as_posix()
    if (
        launch.kind in ("scorm12", "scorm2004")
        and full.suffix.lower() in HTML_SUFFIXES
        and relative == _launching_unit_path(launch)
    ):
        response = _with_runtime(full, launch)
    else:
        response = serve_media(request, relative, str(root.resolve()))
    return package_headers(response)
