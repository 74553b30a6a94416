"""Admins see forwarding problems on the dashboard, retry dead letters, resume."""

import pytest

from crystal_learning.xapi.models import Delivery, LRSCredential, LRSEndpoint
from crystal_learning.xapi.pipeline import statements_record
from tests.people.factories import UserFactory
from tests.xapi.factories import make_statement


@pytest.fixture
def admin_user(db):
    user = UserFactory()
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def troubled(db):
    endpoint = LRSEndpoint.objects.create(
        name="Watershed", url="http://127.0.0.1:9/xapi/statements"
    )
    statements_record(statements=[make_statement(), make_statement()])
    first = Delivery.objects.order_by("pk").first()
    first.status, first.last_error = Delivery.Status.DEAD, "HTTP 400: bad statement"
    first.save()
    endpoint.paused, endpoint.paused_reason = (
        True,
        "The LRS refused our credentials (HTTP 401).",
    )
    endpoint.save()
    return endpoint, first


def test_dashboard_shows_paused_endpoints_and_dead_letters(
    client, admin_user, troubled
):
    client.force_login(admin_user)
    text = client.get("/admin/").content.decode()
    assert "Watershed is paused: The LRS refused our credentials (HTTP 401)." in text
    assert "1 statement could not be delivered." in text


def test_dead_letters_are_listed_and_sent_again(client, admin_user, troubled):
    endpoint, dead = troubled
    client.force_login(admin_user)
    listing = client.get("/admin/xapi-forwarding/").content.decode()
    assert (
        str(dead.statement.statement_id) in listing
        and "HTTP 400: bad statement" in listing
    )
    assert client.get("/admin/xapi-forwarding/retry/").status_code == 405
    response = client.post(
        "/admin/xapi-forwarding/retry/", {"delivery": [dead.pk]}, follow=True
    )
    assert "1 statement(s) queued to be sent again." in response.content.decode()
    dead.refresh_from_db()
    assert dead.status == Delivery.Status.PENDING


def test_a_paused_endpoint_is_resumed_by_post(client, admin_user, troubled):
    endpoint, _ = troubled
    client.force_login(admin_user)
    client.post(f"/admin/xapi-forwarding/endpoints/{endpoint.pk}/resume/")
    endpoint.refresh_from_db()
    assert not endpoint.paused and endpoint.paused_reason == ""


def test_training_managers_cannot_change_forwarding(client, training_manager, troubled):
    client.force_login(training_manager.user)
    response = client.get("/admin/xapi-forwarding/")
    assert response.status_code in (302, 403)
    assert "bad statement" not in response.content.decode()
    assert "Watershed" not in client.get("/admin/").content.decode()


def test_api_client_credentials_are_created_with_a_hashed_secret(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/crystal_xapi_credential/new/",
        {
            "name": "Analytics",
            "key": "analytics",
            "scopes": ["statements/read"],
            "active": "on",
            "secret": "a-very-long-secret",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    credential = LRSCredential.objects.get(name="Analytics")
    assert credential.scopes == ["statements/read"]
    assert credential.check_secret("a-very-long-secret")
    assert "a-very-long-secret" not in credential.secret_hash


@pytest.mark.parametrize("value", ["²", "9" * 40, "-1", "abc"])
def test_a_made_up_delivery_id_retries_nothing(client, admin_user, troubled, value):
    client.force_login(admin_user)
    response = client.post(
        "/admin/xapi-forwarding/retry/", {"delivery": [value]}, follow=True
    )
    assert response.status_code == 200
    assert "0 statement(s) queued to be sent again." in response.text
