"""Sign-in protection, cookies and security headers, as a browser receives them."""

from __future__ import annotations

import pytest
from django.test import override_settings
from freezegun import freeze_time

from tests.site.helpers import settings_value

SIGN_IN = "/accounts/sign-in/"


def test_pages_carry_the_strict_policy_and_only_the_admin_its_exception(
    client, officer, content_editor
):
    response = client.get(SIGN_IN)
    policy = response["Content-Security-Policy"]
    directives = {d.strip() for d in policy.split(";")}
    assert "script-src 'self'" in directives
    assert "style-src 'self'" in directives
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in directives
    assert "object-src 'none'" in directives
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    client.force_login(content_editor.user)
    admin_policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy
    assert "frame-ancestors 'none'" in admin_policy
    assert "unsafe-inline" not in client.get("/my-training/")["Content-Security-Policy"]


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, officer):
    client.get(SIGN_IN)
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        SIGN_IN, {"username": officer.user.username, "password": "password"}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert int(session["max-age"]) == 12 * 3600


def test_production_sends_cookies_over_https_only():
    env = {
        "DJANGO_SETTINGS_MODULE": "crystal_learning.settings.production",
        "SECRET_KEY": "x" * 60,
    }
    assert (
        settings_value(
            "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
            "settings.SECURE_HSTS_SECONDS > 0",
            **env,
        )
        == "(True, True, True)"
    )


def test_five_wrong_passwords_lock_the_username_for_fifteen_minutes(client, officer):
    username = officer.user.username
    with freeze_time("2026-11-26 10:00:00"):
        for _ in range(4):
            response = client.post(SIGN_IN, {"username": username, "password": "no"})
            assert response.status_code == 200
            assert "Enter a correct username and password" in response.text
        response = client.post(SIGN_IN, {"username": username, "password": "no"})
        assert response.status_code == 429
        # Now even the right password is refused, with an explanation.
        response = client.post(SIGN_IN, {"username": username, "password": "password"})
        assert response.status_code == 429
        assert "Sign-in locked for now" in response.text
        assert "for 15 minutes" in response.text
        assert "_auth_user_id" not in client.session
    with freeze_time("2026-11-26 10:16:00"):
        response = client.post(SIGN_IN, {"username": username, "password": "password"})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(officer.user.pk)


def test_a_lockout_is_per_username_and_a_success_resets_the_count(
    client, officer, supervisor
):
    for _ in range(4):
        client.post(SIGN_IN, {"username": officer.user.username, "password": "no"})
    # Someone else is not affected.
    response = client.post(
        SIGN_IN, {"username": supervisor.user.username, "password": "password"}
    )
    assert response.status_code == 302
    client.logout()
    assert (
        client.post(
            SIGN_IN, {"username": officer.user.username, "password": "password"}
        ).status_code
        == 302
    )
    client.logout()
    # The count started again: four more wrong ones do not lock.
    for _ in range(4):
        client.post(SIGN_IN, {"username": officer.user.username, "password": "no"})
    assert (
        client.post(
            SIGN_IN, {"username": officer.user.username, "password": "password"}
        ).status_code
        == 302
    )


@pytest.fixture
def password_sign_in_off():
    with override_settings(
        CRYSTAL_PASSWORD_SIGN_IN=False,
        AUTHENTICATION_BACKENDS=[
            "axes.backends.AxesStandaloneBackend",
            "rules.permissions.ObjectPermissionBackend",
        ],
    ):
        yield


def test_password_sign_in_can_be_switched_off(client, officer, password_sign_in_off):
    page = client.get(SIGN_IN)
    assert 'id="id_password"' not in page.text
    response = client.post(
        SIGN_IN, {"username": officer.user.username, "password": "password"}
    )
    assert response.status_code == 403
    assert "Password sign-in is switched off" in response.text
    assert "_auth_user_id" not in client.session
