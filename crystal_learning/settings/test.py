"""Test settings: fast hashing, synchronous jobs, in-memory email."""

import os

from .base import *  # noqa: F403
from .base import Q_CLUSTER

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", "/tmp/crystal-test-media")  # noqa: S108
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# SQLite tests use a file (WAL, busy timeout) like a real SQLite deployment, so that
# concurrent workers in tests wait for each other instead of failing on table locks.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-crystal.sqlite3")}  # noqa: F405

# Browser tests play videos fast and need media served by the live server.
CRYSTAL_VIDEO_MAX_PLAYBACK_RATE = 20.0
CRYSTAL_SERVE_MEDIA = True
