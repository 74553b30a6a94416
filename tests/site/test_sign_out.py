"""Signing out says so on the page it leads to (issue 18.12)."""

from __future__ import annotations

from tests.helpers import sign_in

SIGNED_OUT = "You have signed out."


def test_signing_out_says_so_once(client, sign_ins):
    sign_in(client, "officer")
    assert 'data-testid="signed-in-as"' in client.get("/my-training/").content.decode()
    response = client.post("/accounts/sign-out/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/sign-in/"
    text = response.content.decode()
    assert SIGNED_OUT in text
    assert 'data-testid="signed-in-as"' not in text
    assert client.get("/my-training/").status_code == 302  # really signed out
    assert SIGNED_OUT not in client.get("/accounts/sign-in/").content.decode()


def test_signing_out_when_not_signed_in_says_nothing(client, sign_ins):
    response = client.post("/accounts/sign-out/", follow=True)
    assert response.status_code == 200
    assert SIGNED_OUT not in response.content.decode()
