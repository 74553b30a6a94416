"""What a signed-in browser says about time, type and who it is stays a claim."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.models import Progress, Statement
from tests.xapi.factories import ACTIVITY, make_statement


@pytest.fixture
def browser(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    client.get("/my-training/")  # sets the CSRF cookie
    return client


def post(client: Client, body):
    return client.post(
        "/xapi/statements",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )


def test_a_browser_cannot_date_its_activity_or_retype_the_activity(browser, officer):
    claim = make_statement(
        officer.staff_number,
        verb={"id": "http://adlnet.gov/expapi/verbs/passed"},
        timestamp="1900-01-01T00:00:00Z",
    )
    claim["object"]["definition"]["type"] = "https://example.org/anything"
    assert post(browser, claim).status_code == 200
    progress = Progress.objects.get(person=officer, activity_id=ACTIVITY)
    assert progress.status == "in_progress"
    assert progress.first_seen > timezone.now() - timedelta(minutes=1)
    assert progress.last_seen > timezone.now() - timedelta(minutes=1)
    assert progress.activity_type != "https://example.org/anything"


def test_a_browser_cannot_speak_as_a_group_naming_a_colleague(browser, officer):
    group = {
        **person_agent(officer.staff_number),
        "objectType": "Group",
        "member": [person_agent("COLLEAGUE-1")],
    }
    response = post(browser, make_statement(officer.staff_number, actor=group))
    assert response.status_code == 403
    assert not Statement.objects.exists()
