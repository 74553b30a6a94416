"""Cross-origin access to /xapi/ (the Fetch standard's CORS protocol).

Packages run in sandboxed frames (origin "null") or on a separate content
origin and call the LRS with HTTP Basic credentials their launch gave them. So
every /xapi/ answer allows any origin, and a preflight (OPTIONS) is answered
without authentication. Credentials are never allowed cross-origin
(no Access-Control-Allow-Credentials): a browser then neither sends the
site's session cookie cross-origin nor lets a page read what it answers, so
only the explicit Authorization header works from another origin.
"""

from __future__ import annotations

from django.http import HttpResponse

ALLOW_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
ALLOW_HEADERS = ", ".join(
    (
        "Authorization",
        "Content-Type",
        "Content-Length",
        "X-Experience-API-Version",
        "If-Match",
        "If-None-Match",
        "Accept-Language",
        "X-Requested-With",
    )
)
EXPOSE_HEADERS = ", ".join(
    (
        "ETag",
        "Last-Modified",
        "Content-Type",
        "Content-Length",
        "X-Experience-API-Version",
        "X-Experience-API-Consistent-Through",
        "Location",
        "Retry-After",
        "WWW-Authenticate",
    )
)
#: How long a browser may keep a preflight's answer (seconds; Chromium caps at 7200).
MAX_AGE = "7200"


def cors_allowed(response: HttpResponse) -> HttpResponse:
    """Any origin may read this answer (never with credentials)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    return response


def preflight() -> HttpResponse:
    """The answer to an OPTIONS preflight: 204, no authentication needed."""
    response = cors_allowed(HttpResponse(status=204))
    response["Access-Control-Allow-Methods"] = ALLOW_METHODS
    response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
    response["Access-Control-Max-Age"] = MAX_AGE
    response["Allow"] = ALLOW_METHODS
    return response
