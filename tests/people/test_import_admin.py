"""The HR import in the Wagtail admin: upload, preview, apply."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crystal_learning.people.models import PeopleImport, Person
from tests.people.helpers import BAD_FILES, GOOD


def upload(client, text: str, **extra):
    return client.post(
        reverse("crystal_people_admin:upload"),
        {"file": SimpleUploadedFile("hr.csv", text.encode(), "text/csv"), **extra},
    )


def test_training_manager_previews_then_applies_an_import(client, training_manager):
    client.force_login(training_manager.user)
    response = upload(client, GOOD)
    record = PeopleImport.objects.get()
    assert response.status_code == 302
    preview = client.get(reverse("crystal_people_admin:preview", args=[record.pk]))
    text = preview.content.decode()
    assert "3 rows: 3 new, 0 updated, 0 unchanged" in text
    assert "Apply import" in text
    assert not Person.objects.filter(staff_number="D1001").exists()
    applied = client.post(
        reverse("crystal_people_admin:apply", args=[record.pk]), follow=True
    )
    assert "Imported 3 rows: 3 new" in applied.content.decode()
    assert (
        Person.objects.filter(staff_number__in=["D1001", "D1002", "D1003"]).count() == 3
    )
    record.refresh_from_db()
    assert record.status == PeopleImport.Status.APPLIED


def test_preview_lists_problems_and_offers_no_apply(client, training_manager):
    client.force_login(training_manager.user)
    upload(client, BAD_FILES["unknown team code"][0])
    record = PeopleImport.objects.get()
    text = client.get(
        reverse("crystal_people_admin:preview", args=[record.pk])
    ).content.decode()
    assert "Line 2, column team_code: Unknown team code &#x27;NOPE&#x27;" in text
    assert "Apply import" not in text
    response = client.post(
        reverse("crystal_people_admin:apply", args=[record.pk]), follow=True
    )
    assert "nothing was written" in response.content.decode()
    assert not Person.objects.filter(staff_number="D2001").exists()


def test_an_import_is_applied_once(client, training_manager):
    client.force_login(training_manager.user)
    upload(client, GOOD)
    record = PeopleImport.objects.get()
    client.post(reverse("crystal_people_admin:apply", args=[record.pk]))
    response = client.post(
        reverse("crystal_people_admin:apply", args=[record.pk]), follow=True
    )
    assert "already been applied" in response.content.decode()


def test_apply_refuses_get(client, training_manager):
    client.force_login(training_manager.user)
    upload(client, GOOD)
    record = PeopleImport.objects.get()
    assert (
        client.get(reverse("crystal_people_admin:apply", args=[record.pk])).status_code
        == 405
    )
    assert not Person.objects.filter(staff_number="D1001").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer", "supervisor", "content_editor"])
def test_other_roles_cannot_import(client, request, role):
    person = request.getfixturevalue(role)
    client.force_login(person.user)
    response = upload(client, GOOD)
    assert response.status_code in (302, 403)
    assert not PeopleImport.objects.exists()
