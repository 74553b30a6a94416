"""Production's static files: whitenoise's compressed, hashed-name storage, which
also hashes the names our own ES modules import (docs/operations.md)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage

#: `import { initAll } from "../govuk/govuk-frontend.min.js";` (Django's own
#: pattern for static imports, kept to the site's and modules' own scripts).
MODULE_IMPORT = (
    r"""(?P<matched>import(?s:(?P<import>[\s\{].*?|\*\s*as\s*\w+))"""
    r"""\s*from\s*['"](?P<url>[./].*?)["']\s*;)""",
    """import%(import)s from "%(url)s";""",
)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Without the import rewritten, the browser asks for the plain name, which
    whitenoise lets caches keep for only a minute, on every learner page.

    Django's `support_js_module_import_aggregation` would apply the same
    patterns to every script, vendored and Wagtail's minified bundles too, and
    fail the build on any string in them that looks like an import."""

    patterns = (
        *CompressedManifestStaticFilesStorage.patterns,
        ("crystal_learning/js/*.js", (MODULE_IMPORT,)),
        ("crystal_modules/js/*.js", (MODULE_IMPORT,)),
    )
