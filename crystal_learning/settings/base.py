"""Settings shared by every environment; values come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

# The CRYSTAL_* defaults live in one place, conf.DEFAULTS (imported as a module,
# so no DEFAULTS setting appears); conf reads django.conf.settings only when an
# accessor is called, so importing it here is safe.
from crystal_learning import conf

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CRYSTAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Crystal Learning
    "crystal_learning.people",
    "crystal_learning.xapi",
    "crystal_learning.programmes",
    "crystal_learning.scheduling",
    "crystal_learning.reports",
    "crystal_learning.victim_care",
    "crystal_learning.privacy",
    "crystal_learning.demo",
    "crystal_learning.site",
    "modules",
    "quizzes",
    # Wagtail (wagtail_localize.locales replaces wagtail.locales)
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    # Libraries
    "import_export",
    "django_q",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "mozilla_django_oidc",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "crystal_learning.site.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crystal_learning.urls"
WSGI_APPLICATION = "crystal_learning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "crystal_learning.site.context_processors.navigation",
            ],
        },
    },
]

# SQLite under var/ is the zero-setup default; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'crystal.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A persistent connection is checked before reuse, so a database
        # restart costs the requests in flight, not the next one per worker.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # WAL lets readers work during writes; a 64 MB page cache and memory-mapped
            # I/O keep large indexes (a million statements) out of the read path.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
            ),
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # PostgreSQL's JIT compiles "expensive" plans first: the coverage GROUP BY
    # spent 300 ms compiling to save nothing (docs/operations.md). Off, unless
    # CRYSTAL_POSTGRES_JIT=on.
    if not env_bool("CRYSTAL_POSTGRES_JIT", False):
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in: the force's identity provider (OpenID Connect) when OIDC_OP_ISSUER
# is set; local passwords unless CRYSTAL_PASSWORD_SIGN_IN is off. See
# docs/security.md.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").rstrip("/")
CRYSTAL_OIDC_ENABLED = bool(OIDC_OP_ISSUER)
CRYSTAL_PASSWORD_SIGN_IN = env_bool(
    "CRYSTAL_PASSWORD_SIGN_IN", conf.DEFAULTS["CRYSTAL_PASSWORD_SIGN_IN"]
)
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
]
if CRYSTAL_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("crystal_learning.site.oidc.ForceOIDCBackend")
if CRYSTAL_PASSWORD_SIGN_IN:
    AUTHENTICATION_BACKENDS.append("django.contrib.auth.backends.ModelBackend")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
# Endpoints: from the issuer's discovery document unless set one by one.
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = False
OIDC_CREATE_USER = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
# The claims that carry the staff number and the app roles, and which app role
# gives which of our groups ("role=Group;role=Group").
CRYSTAL_OIDC_STAFF_NUMBER_CLAIM = os.environ.get(
    "CRYSTAL_OIDC_STAFF_NUMBER_CLAIM", conf.DEFAULTS["CRYSTAL_OIDC_STAFF_NUMBER_CLAIM"]
)
CRYSTAL_OIDC_ROLES_CLAIM = os.environ.get(
    "CRYSTAL_OIDC_ROLES_CLAIM", conf.DEFAULTS["CRYSTAL_OIDC_ROLES_CLAIM"]
)
_role_groups = os.environ.get("CRYSTAL_OIDC_ROLE_GROUPS")
CRYSTAL_OIDC_ROLE_GROUPS = (
    dict(conf.DEFAULTS["CRYSTAL_OIDC_ROLE_GROUPS"])
    if _role_groups is None
    else {
        role.strip(): group.strip()
        for role, _sep, group in (
            pair.partition("=") for pair in _role_groups.split(";") if "=" in pair
        )
    }
)
CRYSTAL_OIDC_PROVIDER_NAME = os.environ.get(
    "CRYSTAL_OIDC_PROVIDER_NAME", conf.DEFAULTS["CRYSTAL_OIDC_PROVIDER_NAME"]
)

# django-axes: after AXES_FAILURE_LIMIT wrong passwords for one username, that
# username is locked out for AXES_COOLOFF_MINUTES (429 and an explanation).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [
    [part.strip() for part in group.split("+")]
    for group in env_list("AXES_LOCKOUT_PARAMETERS", "username")
]
AXES_RESET_ON_SUCCESS = True
# axes.W006 asks for ip_address in the lockout: locking the username itself
# cannot be dodged by changing address, user agent or cookies, and behind the
# force's proxies one address is shared by everyone (one attacker would lock
# out the whole force). docs/security.md.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "crystal_site/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_VERBOSE = False

# Cookies: never readable from script, sent only same-site, and (production
# default) only over HTTPS. A session lasts a shift unless signed out.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts, styles and everything else
# from this site only; no inline script anywhere (pages pass data in
# json_script blocks and run module files). CRYSTAL_CSP_REPORT_ONLY=on reports
# instead of enforcing.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env_bool("CRYSTAL_CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "crystal_site:sign_in"
LOGIN_REDIRECT_URL = "crystal_programmes:my_training"
LOGOUT_REDIRECT_URL = "crystal_site:sign_in"
WAGTAILADMIN_LOGIN_URL = "/accounts/sign-in/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/sign-in/"
# Passwords are managed in Wagtail only while password sign-in is on.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = CRYSTAL_PASSWORD_SIGN_IN
WAGTAIL_PASSWORD_RESET_ENABLED = CRYSTAL_PASSWORD_SIGN_IN

LANGUAGE_CODE = "en-gb"
# English and Welsh (docs/welsh.md). The names are shown in their own language
# by the switcher, so they are not translated here.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
# One catalog for the whole plugin, inside the site app so that it ships with
# the package and Django finds it in any host site (docs/welsh.md).
LOCALE_PATHS = [BASE_DIR / "crystal_learning" / "site" / "locale"]
# The language a person chose is kept for a year (a session cookie would forget
# it when the browser closes), sent like the session cookie.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Pages in English and Welsh (wagtail-localize): a Welsh page is a translation
# of an English one (same translation_key, so the same xAPI activity).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
)

# Email: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# For the file backend (`make demo` writes its e-mail here, one file a send).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "crystal-learning@localhost")
# Links in e-mails point here (the address people use to reach the site).
CRYSTAL_SITE_URL = os.environ.get("CRYSTAL_SITE_URL", conf.DEFAULTS["CRYSTAL_SITE_URL"])
# Reminders: "due soon" this many days ahead; nothing is sent before this hour.
CRYSTAL_REMINDER_DUE_SOON_DAYS = int(
    os.environ.get(
        "CRYSTAL_REMINDER_DUE_SOON_DAYS",
        conf.DEFAULTS["CRYSTAL_REMINDER_DUE_SOON_DAYS"],
    )
)
CRYSTAL_REMINDER_HOUR = int(
    os.environ.get("CRYSTAL_REMINDER_HOUR", conf.DEFAULTS["CRYSTAL_REMINDER_HOUR"])
)
# A supervisor may send at most this many reminders by hand in an hour.
CRYSTAL_MANUAL_REMINDERS_PER_HOUR = int(
    os.environ.get(
        "CRYSTAL_MANUAL_REMINDERS_PER_HOUR",
        conf.DEFAULTS["CRYSTAL_MANUAL_REMINDERS_PER_HOUR"],
    )
)
# /health/ fails when a statement has waited longer than this (seconds) for an
# external LRS, or an every-few-minutes schedule is this late (no cluster).
CRYSTAL_HEALTH_OUTBOX_MAX_AGE = int(
    os.environ.get(
        "CRYSTAL_HEALTH_OUTBOX_MAX_AGE", conf.DEFAULTS["CRYSTAL_HEALTH_OUTBOX_MAX_AGE"]
    )
)
CRYSTAL_HEALTH_SCHEDULER_LATE = int(
    os.environ.get(
        "CRYSTAL_HEALTH_SCHEDULER_LATE", conf.DEFAULTS["CRYSTAL_HEALTH_SCHEDULER_LATE"]
    )
)
# Retention (docs/data-protection.md); 0 keeps everything of that kind.
# xAPI statements and progress of people who left more than this many days ago:
CRYSTAL_RETAIN_STATEMENTS_DAYS = int(
    os.environ.get(
        "CRYSTAL_RETAIN_STATEMENTS_DAYS",
        conf.DEFAULTS["CRYSTAL_RETAIN_STATEMENTS_DAYS"],
    )
)
# Reminder logs of finished or ended assignments, this many days after sending:
CRYSTAL_RETAIN_REMINDERS_DAYS = int(
    os.environ.get(
        "CRYSTAL_RETAIN_REMINDERS_DAYS", conf.DEFAULTS["CRYSTAL_RETAIN_REMINDERS_DAYS"]
    )
)
# Exports and reports refuse date ranges longer than this many days.
CRYSTAL_REPORT_MAX_DAYS = int(
    os.environ.get("CRYSTAL_REPORT_MAX_DAYS", conf.DEFAULTS["CRYSTAL_REPORT_MAX_DAYS"])
)
# Crime references of victim care records are stored only as an HMAC under
# this key. Empty: derived from SECRET_KEY. Keep it stable (docs/victim-care.md).
CRYSTAL_CRIME_REF_KEY = os.environ.get(
    "CRYSTAL_CRIME_REF_KEY", conf.DEFAULTS["CRYSTAL_CRIME_REF_KEY"]
)
# The targeted victim care refresher: the programme it assigns, and the rule's
# threshold (percent compliant over three months, with at least so many records).
CRYSTAL_REFRESHER_PROGRAMME = os.environ.get(
    "CRYSTAL_REFRESHER_PROGRAMME", conf.DEFAULTS["CRYSTAL_REFRESHER_PROGRAMME"]
)
CRYSTAL_REFRESHER_THRESHOLD = int(
    os.environ.get(
        "CRYSTAL_REFRESHER_THRESHOLD", conf.DEFAULTS["CRYSTAL_REFRESHER_THRESHOLD"]
    )
)
CRYSTAL_REFRESHER_MIN_RECORDS = int(
    os.environ.get(
        "CRYSTAL_REFRESHER_MIN_RECORDS", conf.DEFAULTS["CRYSTAL_REFRESHER_MIN_RECORDS"]
    )
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail
# No avatars from gravatar.com: it would learn who uses the admin, and the
# Content Security Policy allows images from this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_SITE_NAME = os.environ.get("CRYSTAL_SITE_NAME", "Crystal Learning")
# The admin's links in e-mails: the site's address unless set apart.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", CRYSTAL_SITE_URL)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "vtt"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    # Refuses non-video uploads and reads the duration from the file.
    "MEDIA_FORM_BASE": "modules.media_forms.CrystalMediaForm",
}

# django-q2: the ORM broker without REDIS_URL, Redis with it. retry > timeout.
REDIS_URL = os.environ.get("REDIS_URL", "")
Q_CLUSTER = {
    "name": os.environ.get("Q_CLUSTER_NAME", "crystal"),
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 120,
    "retry": 180,
    "max_attempts": 5,
    "queue_limit": 200,
    "bulk": 10,
    "catch_up": False,
    "label": _("Background jobs"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Crystal Learning's own settings (see crystal_learning/conf.py for defaults).
CRYSTAL_XAPI_HOMEPAGE = os.environ.get(
    "CRYSTAL_XAPI_HOMEPAGE", conf.DEFAULTS["CRYSTAL_XAPI_HOMEPAGE"]
)
CRYSTAL_XAPI_ACTIVITY_BASE = os.environ.get(
    "CRYSTAL_XAPI_ACTIVITY_BASE", conf.DEFAULTS["CRYSTAL_XAPI_ACTIVITY_BASE"]
)
# Milestone statement ids are an HMAC under this key (unguessable, so nobody can
# post a statement under a colleague's milestone id first). Empty: derived from
# SECRET_KEY. Keep it stable; set it when SECRET_KEY may be rotated.
CRYSTAL_XAPI_MILESTONE_KEY = os.environ.get(
    "CRYSTAL_XAPI_MILESTONE_KEY", conf.DEFAULTS["CRYSTAL_XAPI_MILESTONE_KEY"]
)
CRYSTAL_XAPI_MAX_BODY_BYTES = int(
    os.environ.get(
        "CRYSTAL_XAPI_MAX_BODY_BYTES", conf.DEFAULTS["CRYSTAL_XAPI_MAX_BODY_BYTES"]
    )
)
CRYSTAL_XAPI_MAX_DOCUMENT_BYTES = int(
    os.environ.get(
        "CRYSTAL_XAPI_MAX_DOCUMENT_BYTES",
        conf.DEFAULTS["CRYSTAL_XAPI_MAX_DOCUMENT_BYTES"],
    )
)
CRYSTAL_XAPI_MAX_ATTACHMENT_BYTES = int(
    os.environ.get(
        "CRYSTAL_XAPI_MAX_ATTACHMENT_BYTES",
        conf.DEFAULTS["CRYSTAL_XAPI_MAX_ATTACHMENT_BYTES"],
    )
)
# Statements API HTTP Basic: after MAX_FAILURES wrong secrets for one key (or
# ADDRESS_MAX_FAILURES from one client address, 0 = never) within WINDOW seconds,
# that key (address) gets 429 for LOCKOUT seconds. docs/configuration.md.
CRYSTAL_XAPI_AUTH_MAX_FAILURES = int(
    os.environ.get(
        "CRYSTAL_XAPI_AUTH_MAX_FAILURES",
        conf.DEFAULTS["CRYSTAL_XAPI_AUTH_MAX_FAILURES"],
    )
)
CRYSTAL_XAPI_AUTH_ADDRESS_MAX_FAILURES = int(
    os.environ.get(
        "CRYSTAL_XAPI_AUTH_ADDRESS_MAX_FAILURES",
        conf.DEFAULTS["CRYSTAL_XAPI_AUTH_ADDRESS_MAX_FAILURES"],
    )
)
CRYSTAL_XAPI_AUTH_WINDOW = int(
    os.environ.get(
        "CRYSTAL_XAPI_AUTH_WINDOW", conf.DEFAULTS["CRYSTAL_XAPI_AUTH_WINDOW"]
    )
)
CRYSTAL_XAPI_AUTH_LOCKOUT = int(
    os.environ.get(
        "CRYSTAL_XAPI_AUTH_LOCKOUT", conf.DEFAULTS["CRYSTAL_XAPI_AUTH_LOCKOUT"]
    )
)
# Forwarding to external LRSs: timeouts (seconds) and backoff.
_forward = conf.DEFAULTS["CRYSTAL_XAPI_FORWARD"]
CRYSTAL_XAPI_FORWARD = {
    **_forward,
    "CONNECT_TIMEOUT": float(
        os.environ.get(
            "CRYSTAL_XAPI_FORWARD_CONNECT_TIMEOUT", _forward["CONNECT_TIMEOUT"]
        )
    ),
    "READ_TIMEOUT": float(
        os.environ.get("CRYSTAL_XAPI_FORWARD_READ_TIMEOUT", _forward["READ_TIMEOUT"])
    ),
    "LEASE_SECONDS": int(
        os.environ.get("CRYSTAL_XAPI_FORWARD_LEASE_SECONDS", _forward["LEASE_SECONDS"])
    ),
}
# Fastest playback a viewer may plausibly watch at (the player offers at most 2x).
CRYSTAL_VIDEO_MAX_PLAYBACK_RATE = float(
    os.environ.get(
        "CRYSTAL_VIDEO_MAX_PLAYBACK_RATE",
        conf.DEFAULTS["CRYSTAL_VIDEO_MAX_PLAYBACK_RATE"],
    )
)
# HR files with more rows are checked and applied by a background job.
CRYSTAL_HR_IMPORT_INLINE_ROWS = int(
    os.environ.get(
        "CRYSTAL_HR_IMPORT_INLINE_ROWS", conf.DEFAULTS["CRYSTAL_HR_IMPORT_INLINE_ROWS"]
    )
)
# Idle time saved up for viewing credit, in wall seconds (a player reports every 15 s).
CRYSTAL_VIDEO_CREDIT_BURST_SECONDS = int(
    os.environ.get(
        "CRYSTAL_VIDEO_CREDIT_BURST_SECONDS",
        conf.DEFAULTS["CRYSTAL_VIDEO_CREDIT_BURST_SECONDS"],
    )
)
# Serve MEDIA_ROOT from Django (with Range) outside DEBUG; production uses the proxy.
CRYSTAL_SERVE_MEDIA = env_bool(
    "CRYSTAL_SERVE_MEDIA", conf.DEFAULTS["CRYSTAL_SERVE_MEDIA"]
)
CRYSTAL_FORCE_NAME = os.environ.get(
    "CRYSTAL_FORCE_NAME", conf.DEFAULTS["CRYSTAL_FORCE_NAME"]
)
# Packages (docs/packages.md): a separate origin in production, size limits.
CRYSTAL_PACKAGE_ORIGIN = os.environ.get(
    "CRYSTAL_PACKAGE_ORIGIN", conf.DEFAULTS["CRYSTAL_PACKAGE_ORIGIN"]
)
CRYSTAL_PACKAGE_MAX_BYTES = int(
    os.environ.get(
        "CRYSTAL_PACKAGE_MAX_BYTES", conf.DEFAULTS["CRYSTAL_PACKAGE_MAX_BYTES"]
    )
)
CRYSTAL_PACKAGE_MAX_FILES = int(
    os.environ.get(
        "CRYSTAL_PACKAGE_MAX_FILES", conf.DEFAULTS["CRYSTAL_PACKAGE_MAX_FILES"]
    )
)
CRYSTAL_PACKAGE_LAUNCH_HOURS = int(
    os.environ.get(
        "CRYSTAL_PACKAGE_LAUNCH_HOURS", conf.DEFAULTS["CRYSTAL_PACKAGE_LAUNCH_HOURS"]
    )
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
