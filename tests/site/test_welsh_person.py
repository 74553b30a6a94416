"""Cymraeg / English kept on the person's record (issue 18.16): the switch
while signed in stores the choice, signing in brings it back on any computer,
and someone not signed in still switches with the cookie alone."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from crystal_learning.people.models import Person
from tests.helpers import PASSWORD


def switch(client: Client, language: str, next_url: str = "/my-training/"):
    client.get("/accounts/sign-in/")  # the CSRF cookie
    return client.post(
        "/accounts/language/",
        {
            "language": language,
            "next": next_url,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )


def signed_in(username: str) -> Client:
    """A browser that checks CSRF, signed in through the form."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/sign-in/")
    client.post(
        "/accounts/sign-in/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    return client


def language_of(username: str) -> str:
    return Person.objects.get(user__username=username).language


def test_the_switch_while_signed_in_keeps_the_choice_on_the_record(sign_ins):
    client = signed_in("officer")
    assert language_of("officer") == ""

    response = switch(client, "cy")
    assert response.status_code == 302 and response["Location"] == "/my-training/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    assert language_of("officer") == "cy"
    assert "Fy hyfforddiant" in client.get("/my-training/").text

    switch(client, "en-gb")
    assert language_of("officer") == "en-gb"
    assert language_of("sergeant") == ""  # nobody else's record moves


def test_a_language_the_site_does_not_offer_is_not_kept(sign_ins):
    client = signed_in("officer")
    for language in ("fr", "xx-evil", ""):
        response = switch(client, language)
        assert response.status_code == 302, language
    assert language_of("officer") == ""


def test_without_the_csrf_token_nothing_changes(sign_ins):
    client = signed_in("officer")
    response = client.post("/accounts/language/", {"language": "cy", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert language_of("officer") == ""


def test_someone_not_signed_in_still_switches_with_the_cookie(sign_ins):
    client = Client(enforce_csrf_checks=True)
    response = switch(client, "cy", "/accounts/sign-in/")
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    assert "Mewngofnodi" in client.get("/accounts/sign-in/").text
    assert set(Person.objects.values_list("language", flat=True)) == {""}


def test_a_signed_in_account_without_a_person_record_switches_too(db):
    get_user_model().objects.create_user("host-admin", password=PASSWORD)
    client = signed_in("host-admin")
    response = switch(client, "cy", "/accounts/sign-in/")
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"


def test_signing_in_on_another_computer_brings_the_choice_back(sign_ins):
    Person.objects.filter(user__username="officer").update(language="cy")
    client = Client()  # a new browser: no language cookie
    assert "Sign in" in client.get("/accounts/sign-in/").text
    response = client.post(
        "/accounts/sign-in/", {"username": "officer", "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "cy" and cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    page = client.get("/my-training/").text
    assert '<html lang="cy"' in page and "Fy hyfforddiant" in page


def test_signing_in_with_nothing_kept_leaves_the_browser_choice(sign_ins):
    client = Client(enforce_csrf_checks=True)
    switch(client, "cy", "/accounts/sign-in/")
    response = client.post(
        "/accounts/sign-in/",
        {
            "username": "officer",
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert "Fy hyfforddiant" in client.get("/my-training/").text
    # Choosing on the sign-in page, before signing in, is not kept: the
    # browser may be shared.
    assert language_of("officer") == ""


def test_a_wrong_password_sets_no_language(sign_ins):
    Person.objects.filter(user__username="officer").update(language="cy")
    client = Client()
    response = client.post(
        "/accounts/sign-in/", {"username": "officer", "password": "x"}
    )
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
