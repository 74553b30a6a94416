"""Cymraeg / English: a learner switches the interface to Welsh in the header,
and My training, a quiz page and the sign-in page read in Welsh (issue 18.16)."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from quizzes.models import QuizPage
from tests.helpers import sign_in


def switch(client: Client, language: str, next_url: str):
    token = client.cookies["csrftoken"].value
    return client.post(
        "/accounts/language/",
        {"language": language, "next": next_url, "csrfmiddlewaretoken": token},
    )


def test_a_learner_switches_to_cymraeg_and_sees_welsh(force):
    client = Client()
    sign_in_page = client.get("/accounts/sign-in/").content.decode()
    assert 'lang="cy" class="crystal-header__signout"' in sign_in_page
    sign_in(client, "officer")
    english = client.get("/my-training/").content.decode()
    assert "My training" in english and ">Cymraeg</button>" in english

    response = switch(client, "cy", "/my-training/")
    assert response.status_code == 302 and response["Location"] == "/my-training/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "cy" and cookie["max-age"] == 365 * 24 * 3600

    welsh = client.get("/my-training/").content.decode()
    assert '<html lang="cy"' in welsh
    for text in ("Fy hyfforddiant", "Teils dysgu", "Fideos hyfforddi", "Allgofnodi"):
        assert text in welsh, text
    assert "Learning tiles" not in welsh and "Sign out" not in welsh
    assert ">English</button>" in welsh

    quiz = QuizPage.objects.live().first()
    page = client.get(quiz.url).content.decode()
    assert "Marc llwyddo" in page and "Cwestiynau" in page
    assert "Pass mark" not in page

    # The choice stays with the browser, and English comes back the same way.
    switch(client, "en-gb", "/my-training/")
    assert "My training" in client.get("/my-training/").content.decode()


def test_someone_not_signed_in_reads_the_sign_in_page_in_welsh(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/sign-in/")
    response = switch(client, "cy", "/accounts/sign-in/")
    assert response.status_code == 302
    page = client.get("/accounts/sign-in/").content.decode()
    assert "Mewngofnodi" in page and "Enw defnyddiwr" in page


def test_an_address_elsewhere_is_not_followed(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/sign-in/")
    response = switch(client, "cy", "https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"
