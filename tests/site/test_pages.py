"""Sign-in, My training, the learning home and tiles, and the header each role sees."""

import pytest
from django.urls import reverse


def test_anonymous_visitors_are_sent_to_sign_in(client, learning_site):
    for url in [
        "/",
        "/op-crystal/",
        reverse("crystal_programmes:my_training"),
        "/admin/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("crystal_site:sign_in")), url


def test_sign_in_page_has_a_skip_link_and_the_form(client, db):
    text = client.get(reverse("crystal_site:sign_in")).content.decode()
    assert 'href="#main-content"' in text and "Skip to main content" in text
    assert 'autocomplete="current-password"' in text


def test_wrong_password_says_so_and_stays_signed_out(client, learning_site):
    response = client.post(
        reverse("crystal_site:sign_in"), {"username": "officer", "password": "nope"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_officer_signs_in_to_my_training_with_both_tiles(client, learning_site):
    response = client.post(
        reverse("crystal_site:sign_in"),
        {"username": "officer", "password": "crystal-demo"},
        follow=True,
    )
    text = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("crystal_programmes:my_training")
    assert "PC Alex Morgan" in text
    assert "Op Crystal" in text and "Victim care" in text


@pytest.mark.parametrize(
    ("username", "sees_admin"),
    [
        ("officer", False),
        ("sergeant", False),
        ("manager", True),
        ("editor", True),
    ],
)
def test_the_header_offers_what_the_role_allows(
    client, learning_site, username, sees_admin
):
    client.post(
        reverse("crystal_site:sign_in"),
        {"username": username, "password": "crystal-demo"},
    )
    text = client.get(reverse("crystal_programmes:my_training")).content.decode()
    assert ('href="/admin/"' in text) is sees_admin
    assert "My training" in text and "Sign out" in text


def test_learning_home_and_tile_pages_render(client, learning_site):
    client.post(
        reverse("crystal_site:sign_in"),
        {"username": "officer", "password": "crystal-demo"},
    )
    home = client.get("/").content.decode()
    assert (
        "Learning" in home
        and 'href="/op-crystal/"' in home
        and 'href="/victim-care/"' in home
    )
    tile = client.get("/op-crystal/").content.decode()
    assert '<h1 class="govuk-heading-xl">Op Crystal</h1>' in tile
    assert "govuk-breadcrumbs" in tile


def test_sign_out_needs_a_post(client, learning_site):
    client.post(
        reverse("crystal_site:sign_in"),
        {"username": "officer", "password": "crystal-demo"},
    )
    assert client.get(reverse("crystal_site:sign_out")).status_code == 405
    assert "_auth_user_id" in client.session
    client.post(reverse("crystal_site:sign_out"))
    assert "_auth_user_id" not in client.session


def test_editor_reaches_the_wagtail_admin_and_officer_does_not(client, learning_site):
    client.post(
        reverse("crystal_site:sign_in"),
        {"username": "editor", "password": "crystal-demo"},
    )
    assert client.get("/admin/").status_code == 200
    client.post(reverse("crystal_site:sign_out"))
    client.post(
        reverse("crystal_site:sign_in"),
        {"username": "officer", "password": "crystal-demo"},
    )
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert (
        response.status_code == 403
        or "/admin/" not in response.get("Location", "/admin/x")[:7]
    )


def test_manager_sees_the_force_screens_in_the_admin(client, learning_site):
    client.post(
        reverse("crystal_site:sign_in"),
        {"username": "manager", "password": "crystal-demo"},
    )
    people = client.get("/admin/crystal_people_person/?q=Alex+Morgan")
    assert people.status_code == 200
    assert "PC Alex Morgan" in people.content.decode()
    assert client.get(reverse("crystal_people_admin:upload")).status_code == 200
