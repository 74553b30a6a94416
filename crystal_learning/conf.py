"""Crystal Learning's own settings: one typed accessor per `CRYSTAL_*` setting.

A host site needs none of them: each accessor reads the Django setting when it
is called (so `override_settings` works) and falls back to the default in
`DEFAULTS`. crystal_learning/settings/base.py fills them from the environment
with the same defaults; docs/configuration.md lists them all.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Site: links, media, sign-in, health checks (crystal_learning.site)
    "CRYSTAL_SITE_URL": "http://127.0.0.1:8000",
    "CRYSTAL_SERVE_MEDIA": False,
    "CRYSTAL_PASSWORD_SIGN_IN": True,
    "CRYSTAL_OIDC_ENABLED": False,
    "CRYSTAL_OIDC_STAFF_NUMBER_CLAIM": "employee_id",
    "CRYSTAL_OIDC_ROLES_CLAIM": "roles",
    "CRYSTAL_OIDC_ROLE_GROUPS": {
        "Crystal.Supervisor": "Supervisor",
        "Crystal.TrainingManager": "Training manager",
        "Crystal.ContentEditor": "Content editor",
    },
    "CRYSTAL_OIDC_PROVIDER_NAME": "your force account",
    "CRYSTAL_HEALTH_OUTBOX_MAX_AGE": 900,
    "CRYSTAL_HEALTH_SCHEDULER_LATE": 300,
    # People (crystal_learning.people)
    "CRYSTAL_FORCE_NAME": "Crystal Constabulary",
    "CRYSTAL_HR_IMPORT_INLINE_ROWS": 1000,
    # Programmes: reminders (crystal_learning.programmes)
    "CRYSTAL_REMINDER_DUE_SOON_DAYS": 7,
    "CRYSTAL_REMINDER_HOUR": 7,
    "CRYSTAL_MANUAL_REMINDERS_PER_HOUR": 30,
    # Reports (crystal_learning.reports)
    "CRYSTAL_REPORT_MAX_DAYS": 366,
    # Victim care records (crystal_learning.victim_care)
    "CRYSTAL_CRIME_REF_KEY": "",
    "CRYSTAL_REFRESHER_PROGRAMME": "Op Crystal: victim care refresher",
    "CRYSTAL_REFRESHER_THRESHOLD": 80,
    "CRYSTAL_REFRESHER_MIN_RECORDS": 5,
    # Privacy: retention (crystal_learning.privacy)
    "CRYSTAL_RETAIN_STATEMENTS_DAYS": 6 * 365,
    "CRYSTAL_RETAIN_REMINDERS_DAYS": 730,
    # xAPI (crystal_learning.xapi)
    "CRYSTAL_XAPI_HOMEPAGE": "https://learning.example.police.uk",
    "CRYSTAL_XAPI_ACTIVITY_BASE": "https://learning.example.police.uk/xapi/activities/",
    "CRYSTAL_XAPI_MILESTONE_KEY": "",
    "CRYSTAL_XAPI_MAX_BODY_BYTES": 2 * 1024 * 1024,
    "CRYSTAL_XAPI_MAX_DOCUMENT_BYTES": 1024 * 1024,
    "CRYSTAL_XAPI_MAX_ATTACHMENT_BYTES": 20 * 1024 * 1024,
    "CRYSTAL_XAPI_AUTH_MAX_FAILURES": 10,
    "CRYSTAL_XAPI_AUTH_ADDRESS_MAX_FAILURES": 50,
    "CRYSTAL_XAPI_AUTH_WINDOW": 900,
    "CRYSTAL_XAPI_AUTH_LOCKOUT": 900,
    "CRYSTAL_XAPI_FORWARD": {
        "CONNECT_TIMEOUT": 5.0,
        "READ_TIMEOUT": 20.0,
        "BACKOFF_BASE": 5.0,
        "BACKOFF_CAP": 3600.0,
        "LEASE_SECONDS": 300,
        "RUN_SECONDS": 50,
    },
    # Video modules (modules)
    "CRYSTAL_VIDEO_MAX_PLAYBACK_RATE": 2.0,
    "CRYSTAL_VIDEO_CREDIT_BURST_SECONDS": 30,
    # Packages: cmi5, SCORM, Tin Can (modules.packages)
    "CRYSTAL_PACKAGE_MAX_BYTES": 500 * 1024 * 1024,
    "CRYSTAL_PACKAGE_MAX_FILES": 20_000,
    "CRYSTAL_PACKAGE_ORIGIN": "",
    "CRYSTAL_PACKAGE_LAUNCH_HOURS": 12,
}


def _get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


# Site -------------------------------------------------------------------------


def site_url() -> str:
    """CRYSTAL_SITE_URL: the address people reach the site at, for links in
    e-mails and calendars (default "http://127.0.0.1:8000")."""
    return str(_get("CRYSTAL_SITE_URL"))


def serve_media() -> bool:
    """CRYSTAL_SERVE_MEDIA: serve MEDIA_ROOT from Django (with Range) outside
    DEBUG; production serves it from the proxy (default False)."""
    return bool(_get("CRYSTAL_SERVE_MEDIA"))


def password_sign_in() -> bool:
    """CRYSTAL_PASSWORD_SIGN_IN: local passwords may sign in (default True)."""
    return bool(_get("CRYSTAL_PASSWORD_SIGN_IN"))


def oidc_enabled() -> bool:
    """CRYSTAL_OIDC_ENABLED: sign-in through the force's OpenID Connect provider
    (default False; base.py turns it on when OIDC_OP_ISSUER is set)."""
    return bool(_get("CRYSTAL_OIDC_ENABLED"))


def oidc_staff_number_claim() -> str:
    """CRYSTAL_OIDC_STAFF_NUMBER_CLAIM: the claim with the staff number
    (default "employee_id")."""
    return str(_get("CRYSTAL_OIDC_STAFF_NUMBER_CLAIM"))


def oidc_roles_claim() -> str:
    """CRYSTAL_OIDC_ROLES_CLAIM: the claim with the app roles (default "roles")."""
    return str(_get("CRYSTAL_OIDC_ROLES_CLAIM"))


def oidc_role_groups() -> dict[str, str]:
    """CRYSTAL_OIDC_ROLE_GROUPS: app role -> our group (default
    Crystal.Supervisor, Crystal.TrainingManager, Crystal.ContentEditor)."""
    return dict(_get("CRYSTAL_OIDC_ROLE_GROUPS"))


def oidc_provider_name() -> str:
    """CRYSTAL_OIDC_PROVIDER_NAME: the provider as the sign-in button names it
    (default "your force account")."""
    return str(_get("CRYSTAL_OIDC_PROVIDER_NAME"))


def health_outbox_max_age() -> int:
    """CRYSTAL_HEALTH_OUTBOX_MAX_AGE: /health/'s outbox check fails when a
    statement has waited longer than this many seconds for an external LRS
    (default 900)."""
    return int(_get("CRYSTAL_HEALTH_OUTBOX_MAX_AGE"))


def health_scheduler_late() -> int:
    """CRYSTAL_HEALTH_SCHEDULER_LATE: /health/'s queue check fails when a
    frequent schedule is this many seconds late (default 300)."""
    return int(_get("CRYSTAL_HEALTH_SCHEDULER_LATE"))


# People -----------------------------------------------------------------------


def force_name() -> str:
    """CRYSTAL_FORCE_NAME: the root of the team tree (default
    "Crystal Constabulary")."""
    return str(_get("CRYSTAL_FORCE_NAME"))


def hr_import_inline_rows() -> int:
    """CRYSTAL_HR_IMPORT_INLINE_ROWS: HR files with more rows are checked and
    applied by a background job (default 1000)."""
    return int(_get("CRYSTAL_HR_IMPORT_INLINE_ROWS"))


# Programmes -------------------------------------------------------------------


def reminder_due_soon_days() -> int:
    """CRYSTAL_REMINDER_DUE_SOON_DAYS: a requirement is "due soon" this many days
    before its deadline (default 7)."""
    return int(_get("CRYSTAL_REMINDER_DUE_SOON_DAYS"))


def reminder_hour() -> int:
    """CRYSTAL_REMINDER_HOUR: no reminder is sent before this local hour
    (default 7)."""
    return int(_get("CRYSTAL_REMINDER_HOUR"))


def manual_reminders_per_hour() -> int:
    """CRYSTAL_MANUAL_REMINDERS_PER_HOUR: reminders a supervisor may send by hand
    in an hour (default 30)."""
    return int(_get("CRYSTAL_MANUAL_REMINDERS_PER_HOUR"))


# Reports ----------------------------------------------------------------------


def report_max_days() -> int:
    """CRYSTAL_REPORT_MAX_DAYS: the longest date range a report or export
    accepts (default 366)."""
    return int(_get("CRYSTAL_REPORT_MAX_DAYS"))


# Victim care -------------------------------------------------------------------


def crime_ref_key() -> bytes:
    """CRYSTAL_CRIME_REF_KEY: the HMAC key under which crime references are
    stored (default "": a key derived from SECRET_KEY). Keep it stable: a new
    key makes a re-imported crime a new record."""
    key = str(_get("CRYSTAL_CRIME_REF_KEY"))
    if key:
        return key.encode()
    return hashlib.sha256(
        f"crystal-learning crime references|{settings.SECRET_KEY}".encode()
    ).digest()


def refresher_programme() -> str:
    """CRYSTAL_REFRESHER_PROGRAMME: the name of the programme the refresher rule
    assigns (default "Op Crystal: victim care refresher"; none by that name: the
    rule assigns nothing)."""
    return str(_get("CRYSTAL_REFRESHER_PROGRAMME"))


def refresher_threshold() -> int:
    """CRYSTAL_REFRESHER_THRESHOLD: a person whose victim care logs over the last
    three months are less than this percentage compliant gets the refresher
    (default 80)."""
    return int(_get("CRYSTAL_REFRESHER_THRESHOLD"))


def refresher_min_records() -> int:
    """CRYSTAL_REFRESHER_MIN_RECORDS: the fewest records in those three months
    for the percentage to count (default 5)."""
    return int(_get("CRYSTAL_REFRESHER_MIN_RECORDS"))


# Privacy ----------------------------------------------------------------------


def retain_statements_days() -> int:
    """CRYSTAL_RETAIN_STATEMENTS_DAYS: statements and progress of people who left
    more than this many days ago are deleted; 0 keeps them (default 2190)."""
    return int(_get("CRYSTAL_RETAIN_STATEMENTS_DAYS"))


def retain_reminders_days() -> int:
    """CRYSTAL_RETAIN_REMINDERS_DAYS: reminder logs of finished assignments are
    deleted this many days after sending; 0 keeps them (default 730)."""
    return int(_get("CRYSTAL_RETAIN_REMINDERS_DAYS"))


# xAPI -------------------------------------------------------------------------


def xapi_homepage() -> str:
    """CRYSTAL_XAPI_HOMEPAGE: the homePage of every actor account
    (default "https://learning.example.police.uk")."""
    return str(_get("CRYSTAL_XAPI_HOMEPAGE"))


def xapi_activity_base() -> str:
    """CRYSTAL_XAPI_ACTIVITY_BASE: the base IRI of activity ids
    (default "https://learning.example.police.uk/xapi/activities/")."""
    return str(_get("CRYSTAL_XAPI_ACTIVITY_BASE"))


def xapi_milestone_key() -> bytes:
    """CRYSTAL_XAPI_MILESTONE_KEY: the HMAC key of milestone statement ids
    (default "": a key derived from SECRET_KEY). Keep it stable."""
    key = str(_get("CRYSTAL_XAPI_MILESTONE_KEY"))
    if key:
        return key.encode()
    return hashlib.sha256(
        f"crystal-learning milestone ids|{settings.SECRET_KEY}".encode()
    ).digest()


def xapi_max_body_bytes() -> int:
    """CRYSTAL_XAPI_MAX_BODY_BYTES: the largest Statements API request body;
    larger ones get 413 (default 2097152, 2 MiB)."""
    return int(_get("CRYSTAL_XAPI_MAX_BODY_BYTES"))


def xapi_max_document_bytes() -> int:
    """CRYSTAL_XAPI_MAX_DOCUMENT_BYTES: the largest State or profile document an
    xAPI client may store; larger ones get 413 (default 1048576, 1 MiB)."""
    return int(_get("CRYSTAL_XAPI_MAX_DOCUMENT_BYTES"))


def xapi_max_attachment_bytes() -> int:
    """CRYSTAL_XAPI_MAX_ATTACHMENT_BYTES: the most attachment data (all parts
    together) one multipart/mixed statements request may carry; more gets 413
    (default 20971520, 20 MiB)."""
    return int(_get("CRYSTAL_XAPI_MAX_ATTACHMENT_BYTES"))


def xapi_auth_max_failures() -> int:
    """CRYSTAL_XAPI_AUTH_MAX_FAILURES: wrong secrets for one key within the window
    before the key is locked; 0 never locks (default 10)."""
    return int(_get("CRYSTAL_XAPI_AUTH_MAX_FAILURES"))


def xapi_auth_address_max_failures() -> int:
    """CRYSTAL_XAPI_AUTH_ADDRESS_MAX_FAILURES: failures from one client address
    before the address is locked; 0 never locks (default 50)."""
    return int(_get("CRYSTAL_XAPI_AUTH_ADDRESS_MAX_FAILURES"))


def xapi_auth_window() -> int:
    """CRYSTAL_XAPI_AUTH_WINDOW: seconds over which Statements API sign-in
    failures are counted (default 900)."""
    return int(_get("CRYSTAL_XAPI_AUTH_WINDOW"))


def xapi_auth_lockout() -> int:
    """CRYSTAL_XAPI_AUTH_LOCKOUT: seconds a locked key or address stays locked
    (default 900)."""
    return int(_get("CRYSTAL_XAPI_AUTH_LOCKOUT"))


def xapi_forward() -> dict[str, float]:
    """CRYSTAL_XAPI_FORWARD: forwarding to external LRSs, merged over the defaults
    (seconds: CONNECT_TIMEOUT 5, READ_TIMEOUT 20, BACKOFF_BASE 5, BACKOFF_CAP
    3600, LEASE_SECONDS 300, RUN_SECONDS 50)."""
    return {**DEFAULTS["CRYSTAL_XAPI_FORWARD"], **_get("CRYSTAL_XAPI_FORWARD")}


# Video modules ----------------------------------------------------------------


def video_max_playback_rate() -> float:
    """CRYSTAL_VIDEO_MAX_PLAYBACK_RATE: the fastest playback a viewer is credited
    for (default 2.0)."""
    return float(_get("CRYSTAL_VIDEO_MAX_PLAYBACK_RATE"))


def video_credit_burst_seconds() -> int:
    """CRYSTAL_VIDEO_CREDIT_BURST_SECONDS: wall seconds of idle time a person's
    viewing credit may save up (default 30)."""
    return int(_get("CRYSTAL_VIDEO_CREDIT_BURST_SECONDS"))


# Packages ---------------------------------------------------------------------


def package_max_bytes() -> int:
    """CRYSTAL_PACKAGE_MAX_BYTES: the largest uncompressed size of an uploaded
    package (default 500 MB)."""
    return int(_get("CRYSTAL_PACKAGE_MAX_BYTES"))


def package_max_files() -> int:
    """CRYSTAL_PACKAGE_MAX_FILES: the most files a package may hold (default 20,000)."""
    return int(_get("CRYSTAL_PACKAGE_MAX_FILES"))


def package_origin() -> str:
    """CRYSTAL_PACKAGE_ORIGIN: the origin packages are served from, e.g.
    "https://packages.learning.example.police.uk" (default "": this site)."""
    return str(_get("CRYSTAL_PACKAGE_ORIGIN")).rstrip("/")


def package_launch_hours() -> int:
    """CRYSTAL_PACKAGE_LAUNCH_HOURS: how long a launch's file links and xAPI
    credentials stay valid (default 12)."""
    return int(_get("CRYSTAL_PACKAGE_LAUNCH_HOURS"))
