"""The Content Security Policy, with the one exception the Wagtail admin needs.

The site's own pages satisfy the strict policy in settings (scripts and styles
from this site only, no inline script; tested in a real browser). Wagtail's
admin still writes inline scripts and style attributes in its page editor,
inline panels and date widgets, so under /admin/ only, 'unsafe-inline' is
added for scripts and styles; every other directive stays (sources from this
site only, no framing, forms post here). docs/decisions/0010.

The editor's preview panel frames the page's preview: preview addresses
(under /admin/, ending /preview/) may be framed by this site only
(frame-ancestors 'self', X-Frame-Options SAMEORIGIN); nothing else may be
framed at all.
"""

from __future__ import annotations

import re

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"
ADMIN_ALLOWANCES = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
}


#: Wagtail's preview views (pages added or edited, snippets): framed by the editor.
PREVIEW = re.compile(r"^/admin/.+/preview/$")


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_ALLOWANCES.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        if PREVIEW.match(request.path):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts

    def process_response(self, request, response):
        if PREVIEW.match(request.path):
            response["X-Frame-Options"] = "SAMEORIGIN"
            # Wagtail renders the preview through the middleware as a request
            # for the page itself: that inner response already carries the
            # page's strict policy. Keep it, framed by this site only.
            if HEADER in response:
                response[HEADER] = _framed_by_self(response[HEADER])
        return super().process_response(request, response)


def _framed_by_self(policy: str) -> str:
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    kept = [d for d in directives if not d.startswith("frame-ancestors")]
    return "; ".join([*kept, "frame-ancestors 'self'"])
