"""Retraining when a module gets a new major version."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from crystal_learning.programmes.models import (
    Assignment,
    AssignmentEvent,
    Certificate,
    Programme,
)
from crystal_learning.programmes.selectors import learner_programmes
from modules.models import VideoModulePage
from tests.helpers import sign_in
from tests.programmes.helpers import CORE, complete_everything, person


def test_a_new_version_makes_completions_outstanding_again(client, force):
    officer = person("officer")
    complete_everything(officer)
    old = Assignment.objects.get(person=officer)
    assert old.completed_at is not None
    certificate = Certificate.objects.get(person=officer)

    module = VideoModulePage.objects.get(slug="victim-care-log")
    module.content_version = 2
    module.save_revision().publish()
    programme = Programme.objects.get(name=CORE)
    requirement = programme.requirements.get(module=module)
    new_due = timezone.localdate() + timedelta(weeks=4)

    sign_in(client, "manager")
    url = f"/admin/programmes/{programme.pk}/retraining/"
    check = client.post(url, {"requirement": requirement.pk, "due_on": new_due})
    assert "1 person completed an earlier version" in check.text
    assert Assignment.objects.filter(person=officer).count() == 1  # nothing yet
    done = client.post(
        url, {"requirement": requirement.pk, "due_on": new_due, "confirm": "1"}
    )
    assert done.status_code == 302

    old.refresh_from_db()
    assert old.ended_on == timezone.localdate()
    assert old.events.filter(kind=AssignmentEvent.Kind.RETRAINING).exists()
    certificate.refresh_from_db()
    assert certificate.superseded_at is not None  # kept, marked superseded
    renewed = Assignment.objects.get(person=officer, ended_on__isnull=True)
    assert renewed.due_on == new_due and renewed.completed_at is None

    [view] = learner_programmes(person=officer)
    state = next(s for s in view.states if s.requirement.pk == requirement.pk)
    assert not state.met and state.label == "Updated: take it again"
    assert view.met == 5
    notices = [m for m in mail.outbox if "Updated training to retake" in m.subject]
    assert len(notices) == 1 and module.title in notices[0].subject

    # Completing the new version completes the programme again, with a new
    # certificate; the old one stays superseded.
    complete_everything(officer, modules=["victim-care-log"])
    renewed.refresh_from_db()
    assert renewed.completed_at is not None
    assert Certificate.objects.filter(person=officer).count() == 2
    current = Certificate.objects.get(person=officer, superseded_at__isnull=True)
    assert {"requirement": module.title, "version": "2"}.items() <= next(
        v for v in current.versions if v["requirement"] == module.title
    ).items()


def test_a_past_due_date_is_refused(client, force):
    programme = Programme.objects.get(name=CORE)
    requirement = programme.requirements.filter(kind="module").first()
    sign_in(client, "manager")
    response = client.post(
        f"/admin/programmes/{programme.pk}/retraining/",
        {
            "requirement": requirement.pk,
            "due_on": timezone.localdate() - timedelta(days=1),
            "confirm": "1",
        },
    )
    assert "The new due date is in the past." in response.text
    requirement.refresh_from_db()
    assert requirement.retraining_version is None


def test_only_training_managers_require_retraining(client, force):
    programme = Programme.objects.get(name=CORE)
    for username in ("officer", "sergeant", "editor"):
        sign_in(client, username)
        response = client.get(f"/admin/programmes/{programme.pk}/retraining/")
        assert response.status_code in (302, 403)
        client.logout()
