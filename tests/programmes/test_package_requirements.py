"""A package module as a programme requirement: met by the platform's outcome
statement, shown like a video module on every screen, retrained the same way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import (
    Assignment,
    AudienceRule,
    Certificate,
    Programme,
    Requirement,
)
from crystal_learning.programmes.selectors import learner_programmes
from crystal_learning.programmes.services import assignments_sync, retraining_require
from crystal_learning.reports.coverage import programme_coverage
from crystal_learning.xapi.models import Progress, Statement
from modules.packages.services import launch_start, package_outcome_record
from tests.helpers import sign_in
from tests.modules.factories import tile_page
from tests.modules.packages.factories import package_module

TITLE = "Record boxes (cmi5)"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def package(sign_ins):
    return package_module(tile=tile_page(), kind="cmi5", title=TITLE)


@pytest.fixture
def programme(sign_ins, package):
    programme = Programme(
        name="Record boxes",
        start_date=timezone.localdate(),
        due_mode=Programme.DueMode.RELATIVE,
        due_within_weeks=4,
    )
    programme.requirements = [
        Requirement(kind=Requirement.Kind.PACKAGE, package=package, sort_order=0)
    ]
    programme.audience_rules = [AudienceRule(team=sign_ins.response)]
    programme.save()
    assignments_sync()
    return programme


def officer() -> Person:
    return Person.objects.get(user__username="officer")


def complete(package, *, passed: bool = True) -> None:
    launch, _secret = launch_start(
        page=package, person=officer(), unit_id=package.package_structure.units[0].id
    )
    package_outcome_record(
        launch=launch, completed=True, passed=passed, score_scaled=0.9
    )


def test_the_requirement_names_its_package(programme, package):
    requirement = programme.requirements.get()
    assert requirement.label == TITLE
    assert requirement.activity_id == package.activity_id
    assert requirement.current_version == 1
    assert requirement.get_kind_display() == "Package module (complete it)"
    with pytest.raises(ValidationError, match="Choose the package module"):
        Requirement(programme=programme, kind=Requirement.Kind.PACKAGE).clean()


def test_completing_the_package_meets_the_requirement_everywhere(
    client, programme, package
):
    sign_in(client, "officer")
    page = client.get("/my-training/").text
    assert TITLE in page and "Not started" in page
    assert f'href="{package.url}"' in page

    complete(package)
    complete(package)  # a repeat collapses onto the same statements

    assert Statement.objects.filter(activity_id=package.activity_id).count() == 2
    record = Progress.objects.get(person=officer(), activity_id=package.activity_id)
    assert record.status == Progress.Status.PASSED and record.content_version == "1"
    page = client.get("/my-training/").text
    assert "Passed" in page or "Completed" in page
    assignment = Assignment.objects.get(person=officer(), programme=programme)
    assert assignment.completed_at is not None
    assert Certificate.objects.filter(person=officer()).exists()

    client.logout()
    sign_in(client, "sergeant")
    matrix = client.get("/reports/my-teams/").text
    assert TITLE in matrix and "PC Alex Morgan" in matrix
    assert "Passed" in matrix or "Completed" in matrix
    assert programme_coverage(programme=programme).total.completed == 1


def test_completed_without_a_pass_shows_completed(client, programme, package):
    launch, _secret = launch_start(
        page=package, person=officer(), unit_id=package.package_structure.units[0].id
    )
    package_outcome_record(launch=launch, completed=True)
    [view] = learner_programmes(person=officer())
    [state] = view.states
    assert state.met and state.label == "Completed"
    sign_in(client, "sergeant")
    assert "Completed" in client.get("/reports/my-teams/").text


def test_a_fail_alone_does_not_meet_it(programme, package):
    launch, _secret = launch_start(
        page=package, person=officer(), unit_id=package.package_structure.units[0].id
    )
    package_outcome_record(launch=launch, completed=False, passed=False)
    [view] = learner_programmes(person=officer())
    [state] = view.states
    assert not state.met and state.label == "Not passed yet"


def test_retraining_on_a_new_version_works_like_a_video_module(programme, package):
    complete(package)
    package.content_version = 2
    package.save_revision().publish()
    requirement = programme.requirements.get()
    report = retraining_require(
        requirement=requirement, due_on=timezone.localdate() + timedelta(weeks=2)
    )
    assert report.superseded >= 0
    [view] = learner_programmes(person=officer())
    [state] = view.states
    assert not state.met and state.label == "Updated: take it again"

    package.refresh_from_db()
    complete(package)  # a launch now runs at version 2
    [view] = learner_programmes(person=officer())
    [state] = view.states
    assert state.met and state.version == "2"
