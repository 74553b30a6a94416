"""Site test helpers: every URL of the site, settings as a new process sees them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_value(expression: str, **env: str) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(({expression}))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def routes() -> list[tuple[str, object]]:
    """Every URL pattern of the site: (route text, pattern)."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), pattern))

    walk(get_resolver().url_patterns)
    return found
