"""HTTP Basic sign-in of Statements API clients, resisting guessing.

- A key, or a client address, with too many failures in a window is locked out
  for a while (429 with Retry-After), counted in the database so that every
  server process agrees; a right secret does not lift a lock early, and a
  success does not clear the count (it would let a guesser ride on a busy
  client's successes).
- An unknown or inactive key costs the same password hash as a wrong secret, so
  the answer's timing does not tell which keys exist.
- Verified secrets are remembered per process (ingest speed: the hash costs
  about 240 ms), for VERIFIED_TTL at most: only a secret that passed the hash
  check is ever remembered, under an HMAC of the key and secret (never the
  secret), and only for the credential's current secret hash. The credential
  is still read on every request, so deactivating or deleting it, or changing
  its secret, refuses the remembered secret at once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from crystal_learning import conf
from crystal_learning.audit import XAPI_LOCKOUT, audit

from .models import CredentialLockout, LRSCredential

logger = logging.getLogger(__name__)
#: How long a verified secret is remembered before it is hashed again.
VERIFIED_TTL = 300.0
#: Remembered secrets per process at most (beyond that all are forgotten).
VERIFIED_MAX = 256
#: HMAC of key and secret -> (credential pk, its secret hash, monotonic expiry).
_verified: dict[str, tuple[int, str, float]] = {}
#: How stale "last used" may get: one write per credential per interval at most.
LAST_USED_EVERY = timedelta(minutes=5)
_VALUE_MAX = CredentialLockout._meta.get_field("value").max_length


class SignInRefused(Exception):
    """The Basic credentials are malformed, unknown or wrong (HTTP 401)."""


class LockedOut(Exception):
    """Too many failures for this key or address (HTTP 429)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limits:
    max_failures: int
    address_max_failures: int
    window: timedelta
    lockout: timedelta


def _limits() -> Limits:
    return Limits(
        max_failures=conf.xapi_auth_max_failures(),
        address_max_failures=conf.xapi_auth_address_max_failures(),
        window=timedelta(seconds=conf.xapi_auth_window()),
        lockout=timedelta(seconds=conf.xapi_auth_lockout()),
    )


@lru_cache(maxsize=8)
def _dummy_hash(algorithm: str) -> str:
    return make_password("crystal-xapi-no-such-credential", hasher=algorithm)


def _dummy_check(secret: str) -> None:
    """As slow as checking a real credential's secret (with the default hasher)."""
    check_password(secret, _dummy_hash(get_hasher("default").algorithm))


def basic_decoded(header: str) -> tuple[str, str]:
    """The user and secret of an HTTP Basic header; SignInRefused if malformed."""
    try:
        decoded = base64.b64decode(header.split(" ", 1)[1], validate=True).decode(
            "utf-8"
        )
        key, secret = decoded.split(":", 1)
    except (IndexError, ValueError, binascii.Error, UnicodeDecodeError):
        raise SignInRefused(
            "The Authorization header is not valid HTTP Basic."
        ) from None
    if not key or any(ord(c) < 32 or ord(c) == 127 for c in key):
        raise SignInRefused("The Authorization header is not valid HTTP Basic.")
    return key, secret


def _address(request: HttpRequest) -> str:
    return str(get_client_ip_address(request) or "unknown")[:_VALUE_MAX]


def _subjects(key: str, address: str) -> list[tuple[str, str, int]]:
    limits = _limits()
    subjects = [(CredentialLockout.Kind.KEY, key[:_VALUE_MAX], limits.max_failures)]
    if limits.address_max_failures > 0:
        subjects.append(
            (CredentialLockout.Kind.ADDRESS, address, limits.address_max_failures)
        )
    return [s for s in subjects if s[2] > 0]


def _check_not_locked(key: str, address: str, now: datetime) -> None:
    subjects = _subjects(key, address)
    if not subjects:
        return
    wanted = Q()
    for kind, value, _limit in subjects:
        wanted |= Q(kind=kind, value=value)
    locks = list(CredentialLockout.objects.filter(wanted, locked_until__gt=now))
    if not locks:
        return
    lock = max(locks, key=lambda row: row.locked_until)
    seconds = max(1, math.ceil((lock.locked_until - now).total_seconds()))
    what = "this key" if lock.kind == CredentialLockout.Kind.KEY else "this address"
    raise LockedOut(
        f"Too many failed sign-ins for {what}: it is locked for "
        f"{math.ceil(seconds / 60)} more minute(s). Try again after that.",
        retry_after=seconds,
    )


def _count_failure(kind: str, value: str, limit: int, now: datetime) -> bool:
    """Add a failure; True when this one locks `value` out."""
    limits = _limits()
    with transaction.atomic():
        row, created = CredentialLockout.objects.select_for_update().get_or_create(
            kind=kind, value=value, defaults={"window_start": now}
        )
        expired = row.window_start <= now - limits.window
        lock_over = row.locked_until is not None and row.locked_until <= now
        if expired or lock_over:
            row.failures, row.window_start, row.locked_until = 0, now, None
        row.failures += 1
        locks = row.locked_until is None and row.failures >= limit
        if locks:
            row.locked_until = now + limits.lockout
        row.save()
    if created:  # keep the table to the current window's failures
        CredentialLockout.objects.filter(window_start__lte=now - limits.window).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lte=now)
        ).delete()
    if locks:
        _report_lockout(row)
    return locks


def _report_lockout(row: CredentialLockout) -> None:
    logger.warning(
        "Statements API sign-in: %s %r locked until %s after %s failures.",
        row.kind,
        row.value,
        row.locked_until.isoformat(),
        row.failures,
    )
    credential = (
        LRSCredential.objects.filter(key=row.value).first()
        if row.kind == CredentialLockout.Kind.KEY
        else None
    )
    audit(
        credential or row,
        XAPI_LOCKOUT,
        title=str(row),
        kind=row.kind,
        value=row.value,
        failures=row.failures,
        locked_until=row.locked_until.isoformat(),
    )


def _fingerprint(key: str, secret: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(),
        f"{key}\x00{secret}".encode("utf-8", "surrogatepass"),
        hashlib.sha256,
    ).hexdigest()


def _secret_matches(credential: LRSCredential | None, key: str, secret: str) -> bool:
    if credential is None:
        _dummy_check(secret)
        return False
    # Password hashing is slow by design: remember a verified secret, briefly,
    # for this credential's current hash (a new secret or salt misses).
    fingerprint = _fingerprint(key, secret)
    now = time.monotonic()
    remembered = _verified.pop(fingerprint, None)
    if remembered is not None:
        pk, secret_hash, expires = remembered
        if (
            pk == credential.pk
            and secret_hash == credential.secret_hash
            and now < expires
        ):
            _verified[fingerprint] = remembered
            return True
    if not credential.check_secret(secret):
        return False
    if len(_verified) >= VERIFIED_MAX:
        _verified.clear()  # more secrets than any set of clients: hash them again
    _verified[fingerprint] = (credential.pk, credential.secret_hash, now + VERIFIED_TTL)
    return True


def basic_credential(request: HttpRequest, header: str) -> LRSCredential:
    """The active credential the Basic header names; SignInRefused or LockedOut."""
    key, secret = basic_decoded(header)
    address = _address(request)
    now = timezone.now()
    _check_not_locked(key, address, now)
    credential = LRSCredential.objects.filter(key=key, active=True).first()
    if not _secret_matches(credential, key, secret):
        for kind, value, limit in _subjects(key, address):
            _count_failure(kind, value, limit, now)
        raise SignInRefused("Unknown or inactive credential, or a wrong secret.")
    if (
        credential.last_used_at is None
        or now - credential.last_used_at > LAST_USED_EVERY
    ):
        LRSCredential.objects.filter(pk=credential.pk).update(last_used_at=now)
    return credential
