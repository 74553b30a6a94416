"""Single sign-on end to end against a real OpenID Connect provider
(django-oauth-toolkit) running in its own process on 127.0.0.1."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import override_settings

from crystal_learning.people.roles import SUPERVISOR, TRAINING_MANAGER
from tests.people.factories import PersonFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "crystal-learning"
CLIENT_SECRET = "s3cret-for-the-test-provider-only"  # noqa: S105
CALLBACK = "http://testserver/accounts/oidc/callback/"
PASSWORD = "provider-password"  # noqa: S105

#: The provider's users and the claims it asserts for each.
PROVIDER_USERS = {
    "alex.morgan": {"employee_id": "D1001", "roles": ["Crystal.Supervisor"]},
    "sam.patel": {"employee_id": "D1002", "roles": ["Crystal.TrainingManager"]},
    "jo.leaver": {"employee_id": "D1003", "roles": []},
    "new.starter": {"employee_id": "D9999", "roles": []},
    "no.number": {"roles": []},
}


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc")
    config = folder / "config.json"
    config.write_text(
        json.dumps(
            {
                "database": str(folder / "provider.sqlite3"),
                "users": {
                    name: {"password": PASSWORD, "claims": claims}
                    for name, claims in PROVIDER_USERS.items()
                },
                "client": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [CALLBACK],
                },
            }
        )
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline().strip()
    assert line.startswith("READY "), line
    yield line.split(" ", 1)[1]
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso(provider):
    with override_settings(
        OIDC_OP_ISSUER=provider,
        CRYSTAL_OIDC_ENABLED=True,
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        AUTHENTICATION_BACKENDS=[
            "axes.backends.AxesStandaloneBackend",
            "rules.permissions.ObjectPermissionBackend",
            "crystal_learning.site.oidc.ForceOIDCBackend",
            "django.contrib.auth.backends.ModelBackend",
        ],
    ):
        yield provider


@pytest.fixture
def people(team):
    return {
        "alex": PersonFactory(
            staff_number="D1001", display_name="PC Alex Morgan", team=team
        ),
        "sam": PersonFactory(
            staff_number="D1002",
            display_name="Sam Patel",
            rank="STAFF",
            # Was a supervisor; the provider no longer says so.
            user=UserFactory(roles=[SUPERVISOR]),
        ),
        "jo": PersonFactory(staff_number="D1003", display_name="Jo Leaver", team=team),
    }


def provider_sign_in(client, username: str, *, password: str = PASSWORD):
    """The browser's journey: our button, the provider's sign-in page, and back."""
    start = client.get("/accounts/force/", {"next": "/my-training/"})
    assert start.status_code == 302
    browser = requests.Session()
    page = browser.get(start["Location"], timeout=10)
    assert "Force identity provider: sign in" in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    after = html.unescape(re.search(r'name="next" value="([^"]*)"', page.text)[1])
    response = browser.post(
        page.url,
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": after,
        },
        allow_redirects=False,
        timeout=10,
    )
    while response.status_code in (301, 302, 303):
        location = urljoin(response.url, response.headers["Location"])
        if location.startswith("http://testserver/"):
            parts = urlsplit(location)
            return client.get(f"{parts.path}?{parts.query}")
        response = browser.get(location, allow_redirects=False, timeout=10)
    return response


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_a_person_signs_in_with_their_force_account_and_gets_their_roles(
    client, sso, people
):
    page = client.get("/accounts/sign-in/")
    assert "Sign in with your force account" in page.text
    response = provider_sign_in(client, "alex.morgan")
    assert (response.status_code, response["Location"]) == (302, "/my-training/")
    alex = people["alex"]
    assert signed_in_user_id(client) == str(alex.user.pk)
    assert alex.user.groups.filter(name=SUPERVISOR).exists()
    assert "PC Alex Morgan" in client.get("/my-training/").text


def test_the_force_account_sign_in_brings_back_the_chosen_language(client, sso, people):
    alex = people["alex"]
    alex.language = "cy"
    alex.save(update_fields=["language"])
    response = provider_sign_in(client, "alex.morgan")
    assert (response.status_code, response["Location"]) == (302, "/my-training/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    assert "Fy hyfforddiant" in client.get("/my-training/").text


def test_app_roles_are_granted_and_withdrawn_at_each_sign_in(client, sso, people):
    sam = people["sam"]
    assert sam.user.groups.filter(name=SUPERVISOR).exists()
    provider_sign_in(client, "sam.patel")
    assert signed_in_user_id(client) == str(sam.user.pk)
    groups = set(sam.user.groups.values_list("name", flat=True))
    assert groups == {"Learner", TRAINING_MANAGER}
    assert client.get("/reports/coverage/").status_code == 200


@pytest.mark.parametrize("username", ["new.starter", "no.number", "jo.leaver"], ids=str)
def test_people_we_do_not_hold_or_who_left_are_refused_with_a_reason(
    client, sso, people, username
):
    if username == "jo.leaver":
        type(people["jo"]).objects.filter(pk=people["jo"].pk).update(active=False)
    response = provider_sign_in(client, username)
    assert (response.status_code, response["Location"]) == (302, "/accounts/sign-in/")
    assert signed_in_user_id(client) is None
    page = client.get("/accounts/sign-in/").text
    assert "Your force account did not sign you in here." in page
    assert Group.objects.get(name=SUPERVISOR).user_set.count() == 1  # sam's only


def test_a_forged_or_replayed_callback_signs_nobody_in(client, sso, people):
    start = client.get("/accounts/force/")
    assert start.status_code == 302
    response = client.get(
        "/accounts/oidc/callback/", {"code": "made-up", "state": "not-ours"}
    )
    assert response.status_code == 400
    assert signed_in_user_id(client) is None
    response = client.get("/accounts/oidc/callback/", {"error": "access_denied"})
    assert response["Location"] == "/accounts/sign-in/"
    assert "cancelled or refused" in client.get("/accounts/sign-in/").text


def test_with_passwords_off_only_the_force_account_signs_in(client, sso, people):
    with override_settings(
        CRYSTAL_PASSWORD_SIGN_IN=False,
        AUTHENTICATION_BACKENDS=[
            "axes.backends.AxesStandaloneBackend",
            "rules.permissions.ObjectPermissionBackend",
            "crystal_learning.site.oidc.ForceOIDCBackend",
        ],
    ):
        page = client.get("/accounts/sign-in/").text
        assert "Sign in with your force account" in page
        assert 'id="id_password"' not in page
        provider_sign_in(client, "alex.morgan")
        assert signed_in_user_id(client) == str(people["alex"].user.pk)


def test_without_an_issuer_the_force_button_is_absent_and_its_urls_404(client, db):
    assert "Sign in with" not in client.get("/accounts/sign-in/").text
    assert client.get("/accounts/force/").status_code == 404
    assert client.get("/accounts/oidc/callback/").status_code == 404
