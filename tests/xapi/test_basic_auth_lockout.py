"""Guessing Statements API secrets: a key or an address is locked out after
repeated failures, and an unknown key costs the same password hash as a known
one (so the answer's timing does not tell which keys exist)."""

from __future__ import annotations

import base64
import logging
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from freezegun import freeze_time
from wagtail.models import ModelLogEntry

from crystal_learning.xapi.models import CredentialLockout, LRSCredential
from crystal_learning.xapi.services import credential_create
from tests.xapi.helpers import SECRET

VERSION = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
START = "2026-12-01T09:00:00Z"


def get(key: str, secret: str = SECRET, address: str = "192.0.2.10"):
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    return Client().get(
        "/xapi/statements",
        REMOTE_ADDR=address,
        HTTP_AUTHORIZATION=f"Basic {token}",
        **VERSION,
    )


@pytest.fixture
def tools(db):
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    credential_create(name="other", secret=SECRET, scopes=["all"])


def test_ten_wrong_secrets_lock_that_key_only(tools, caplog):
    with freeze_time(START) as clock:
        for _ in range(10):
            assert get("tool", "wrong-secret-guess").status_code == 401
            clock.tick(timedelta(seconds=30))
        with caplog.at_level(logging.WARNING):
            locked = get("tool")  # the right secret, too late
        assert locked.status_code == 429
        assert "Too many failed sign-ins for this key" in locked.json()["error"]
        assert 0 < int(locked["Retry-After"]) <= 15 * 60
        assert get("other").status_code == 200  # same address, another key
        # Still locked: neither the right secret nor another guess lifts it.
        clock.tick(timedelta(minutes=5))
        assert get("tool").status_code == 429
        assert get("tool", "another-guess!!").status_code == 429
    entries = ModelLogEntry.objects.filter(action="crystal.xapi_lockout")
    assert entries.count() == 1
    assert entries.get().object_id == str(LRSCredential.objects.get(key="tool").pk)


def test_the_lockout_is_logged(tools, caplog):
    with caplog.at_level(logging.WARNING, logger="crystal_learning.xapi.auth"):
        for _ in range(10):
            get("tool", "wrong-secret-guess")
    assert any("locked until" in r.getMessage() for r in caplog.records)


def test_the_key_works_again_after_the_lockout(tools):
    with freeze_time(START) as clock:
        for _ in range(10):
            get("tool", "wrong-secret-guess")
        assert get("tool").status_code == 429
        clock.tick(timedelta(minutes=16))
        assert get("tool").status_code == 200


def test_failures_are_counted_within_a_fifteen_minute_window(tools):
    with freeze_time(START) as clock:
        for _ in range(9):
            get("tool", "wrong-secret-guess")
        clock.tick(timedelta(minutes=16))
        get("tool", "wrong-secret-guess")
        assert get("tool").status_code == 200  # 1 failure in this window
        for _ in range(9):
            get("tool", "wrong-secret-guess")
        assert get("tool").status_code == 429  # 10


def test_successes_in_between_do_not_reset_the_count(tools):
    """Or a guesser could ride on a busy client's successful requests."""
    for _ in range(5):
        get("tool", "wrong-secret-guess")
        assert get("tool").status_code == 200
    for _ in range(5):
        get("tool", "wrong-secret-guess")
    assert get("tool").status_code == 429


def test_an_unknown_key_is_locked_out_like_a_known_one(tools):
    """Otherwise a 429 would tell which keys exist."""
    for _ in range(10):
        assert get("no-such-key", "wrong-secret-guess").status_code == 401
    assert get("no-such-key", "wrong-secret-guess").status_code == 429
    assert ModelLogEntry.objects.filter(action="crystal.xapi_lockout").count() == 1


def test_an_address_trying_many_keys_is_locked_out(tools, settings):
    settings.CRYSTAL_XAPI_AUTH_ADDRESS_MAX_FAILURES = 5
    for number in range(5):
        assert get(f"guess-{number}", address="198.51.100.7").status_code == 401
    refused = get("tool", address="198.51.100.7")
    assert refused.status_code == 429
    assert "this address" in refused.json()["error"]
    assert refused["Retry-After"]
    assert get("tool", address="198.51.100.8").status_code == 200


def test_the_lockout_is_kept_in_the_database_for_every_server_process(tools):
    for _ in range(10):
        get("tool", "wrong-secret-guess")
    lock = CredentialLockout.objects.get(kind="key", value="tool")
    assert lock.failures == 10 and lock.locked_until is not None


class CountingHasher(MD5PasswordHasher):
    """The test settings' hasher, counting how often a secret is hashed."""

    verified = 0

    def verify(self, password, encoded):
        CountingHasher.verified += 1
        return super().verify(password, encoded)


@pytest.fixture
def counting(settings, db):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    retired = credential_create(name="retired", secret=SECRET, scopes=["all"])
    LRSCredential.objects.filter(pk=retired.pk).update(active=False)
    CountingHasher.verified = 0
    return CountingHasher


def test_every_refusal_costs_one_password_hash_and_none_is_cached(counting):
    assert get("tool").status_code == 200
    assert get("tool").status_code == 200
    assert counting.verified == 1  # a verified secret is remembered (ingest speed)
    assert get("tool", "wrong-secret-guess").status_code == 401
    assert counting.verified == 2  # a wrong one never is
    assert get("no-such-key", "wrong-secret-guess").status_code == 401
    assert counting.verified == 3  # an unknown key: the same hash, the same time
    assert get("retired").status_code == 401
    assert counting.verified == 4  # an inactive one too


def test_a_remembered_secret_stops_working_at_once_when_revoked(counting):
    assert get("tool").status_code == 200
    assert get("tool").status_code == 200
    assert counting.verified == 1  # remembered
    LRSCredential.objects.filter(key="tool").update(active=False)
    refused = get("tool")
    assert refused.status_code == 401
    assert "Unknown or inactive credential" in refused.json()["error"]
    LRSCredential.objects.filter(key="tool").delete()
    assert get("tool").status_code == 401


def test_a_remembered_secret_stops_working_at_once_when_the_secret_changes(counting):
    assert get("tool").status_code == 200
    credential_create(name="tool", secret="a-brand-new-secret-42", scopes=["all"])
    assert get("tool").status_code == 401  # the old secret, remembered before
    assert get("tool", "a-brand-new-secret-42").status_code == 200
    # Set back to the same secret: a new hash, so it is checked again, not recalled.
    credential_create(name="tool", secret=SECRET, scopes=["all"])
    verified = counting.verified
    assert get("tool").status_code == 200
    assert counting.verified == verified + 1


def test_a_remembered_secret_is_hashed_again_after_five_minutes(counting):
    with freeze_time(START) as clock:
        assert get("tool").status_code == 200
        clock.tick(timedelta(minutes=4))
        assert get("tool").status_code == 200
        assert counting.verified == 1
        clock.tick(timedelta(minutes=2))
        assert get("tool").status_code == 200
        assert counting.verified == 2


def test_a_remembered_secret_is_kept_for_its_own_key_only(counting):
    credential_create(name="twin", secret=SECRET, scopes=["all"])
    assert get("tool").status_code == 200
    assert get("twin").status_code == 200
    assert counting.verified == 2  # the same secret under another key is checked
    assert get("tool", SECRET + "x").status_code == 401
    assert counting.verified == 3
