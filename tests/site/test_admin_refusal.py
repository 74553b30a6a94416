"""A signed-in officer who opens the admin is told they have no access (403),
on a site page with the way back, instead of being sent round for ever."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/", "/admin/reports/training/overdue/"])
def test_an_officer_opening_the_admin_is_refused_with_a_page(client, officer, url):
    client.force_login(officer.user)
    response = client.get(url, follow=True)
    assert len(response.redirect_chain) <= 3
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have access to the admin" in page
    assert 'href="/my-training/"' in page and "Go to My training" in page
    assert officer.display_name in page  # the site header, signed in
    assert page.count("permission to access the admin") == 0  # said once
    training = client.get("/my-training/").content.decode()
    assert "access the admin" not in training  # nothing left over


def test_a_supervisor_is_refused_too_and_a_manager_gets_the_admin(
    client, supervisor, training_manager
):
    client.force_login(supervisor.user)
    assert client.get("/admin/", follow=True).status_code == 403
    client.force_login(training_manager.user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200 and response.redirect_chain == []


def test_signing_in_on_the_way_to_the_admin_ends_at_the_refusal(client, officer):
    officer.user.set_password("a-long-password")
    officer.user.save()
    response = client.post(
        "/accounts/sign-in/?next=/admin/",
        {"username": officer.user.username, "password": "a-long-password"},
        follow=True,
    )
    assert response.status_code == 403
    assert "You do not have access to the admin" in response.content.decode()


def test_other_next_pages_still_send_a_signed_in_person_on(client, officer):
    client.force_login(officer.user)
    response = client.get("/accounts/sign-in/?next=/my-training/")
    assert response.status_code == 302 and response["Location"] == "/my-training/"
