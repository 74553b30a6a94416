"""Only the platform sets content versions; a stored bad value breaks no page.

Found by a hostile learner: a statement sent with the browser session carrying
the content-version extension changed their stored content version. "2" dodged
retraining; "abc" made the retraining screen, My training, My teams and both
exports answer 500.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crystal_learning.programmes.models import Programme
from crystal_learning.programmes.selectors import learner_programmes
from crystal_learning.programmes.services import retraining_require
from crystal_learning.xapi.agents import person_agent
from crystal_learning.xapi.models import Progress
from crystal_learning.xapi.vocabulary import CONTENT_VERSION, Verb
from modules.models import VideoModulePage
from tests.programmes.helpers import CORE, complete_everything, person


@pytest.fixture
def module(force) -> VideoModulePage:
    return VideoModulePage.objects.get(slug="victim-care-log")


def claim_version(officer, module, version: str):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    client.get(module.url)
    statement = {
        "actor": person_agent(officer.staff_number),
        "verb": {"id": Verb.TERMINATED},
        "object": {"objectType": "Activity", "id": module.activity_id},
        "context": {"extensions": {CONTENT_VERSION: version}},
    }
    return client.post(
        "/xapi/statements",
        data=json.dumps(statement),
        content_type="application/json",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )


def stored_version(officer, module) -> str:
    return Progress.objects.get(
        person=officer, activity_id=module.activity_id
    ).content_version


def module_state(officer, module):
    [view] = learner_programmes(person=officer)
    return next(s for s in view.states if s.requirement.module_id == module.pk)


def test_a_browser_cannot_claim_the_new_version_to_dodge_retraining(module):
    officer = person("officer")
    complete_everything(officer)
    module.content_version = 2
    module.save_revision().publish()
    requirement = Programme.objects.get(name=CORE).requirements.get(module=module)
    retraining_require(
        requirement=requirement, due_on=timezone.localdate() + timedelta(weeks=4)
    )
    assert claim_version(officer, module, "2").status_code == 200
    assert stored_version(officer, module) == "1"
    assert module_state(officer, module).label == "Updated: take it again"


def test_a_bad_version_is_ignored_and_a_stored_one_breaks_no_page(client, module):
    officer = person("officer")
    complete_everything(officer)
    assert claim_version(officer, module, "abc").status_code == 200
    assert stored_version(officer, module) == "1"

    # A bad value already in the database (from before this fix) is read safely.
    Progress.objects.filter(person=officer).update(content_version="abc")
    module.content_version = 2
    module.save_revision().publish()
    programme = Programme.objects.get(name=CORE)
    requirement = programme.requirements.get(module=module)

    client.force_login(officer.user)
    assert client.get("/my-training/").status_code == 200
    client.force_login(person("sergeant").user)
    assert client.get("/reports/my-teams/").status_code == 200
    for kind in ("csv", "xlsx"):
        assert client.get(f"/reports/my-teams/export.{kind}").status_code == 200
    client.force_login(person("manager").user)
    due = timezone.localdate() + timedelta(weeks=4)
    check = client.post(
        f"/admin/programmes/{programme.pk}/retraining/",
        {"requirement": requirement.pk, "due_on": due},
    )
    assert check.status_code == 200
    assert "completed an earlier version" in check.text
