"""The Content Security Policy, with the one exception the Wagtail admin needs.

The site's own pages satisfy the strict policy in settings (scripts and styles
from this site only, no inline script; tested in a real browser). Wagtail's
admin still writes inline scripts and style attributes in its page editor,
inline panels and date widgets, so under /admin/ only, 'unsafe-inline' is
added for scripts and styles; every other directive stays (sources from this
site only, no framing, forms post here). docs/decisions/0010.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"
ADMIN_ALLOWANCES = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_ALLOWANCES.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts
