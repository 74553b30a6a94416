"""Production's static files build: every URL the CSS refers to exists."""

from __future__ import annotations

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_the_manifest_storage_succeeds(tmp_path):
    # The same post-processing as production's whitenoise storage, which
    # refuses a stylesheet whose url() points at a file we do not ship.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "crystal_learning/css/crystal.css" in manifest
    assert "crystal_learning/js/player.js" in manifest
