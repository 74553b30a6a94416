"""Training managers set up programmes in the Wagtail admin; bad input is refused."""

from __future__ import annotations

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from crystal_learning.people.models import Team
from crystal_learning.programmes.models import Assignment, Programme
from modules.models import VideoModulePage
from tests.helpers import sign_in
from tests.people.factories import PersonFactory, make_team

ADD = "/admin/programmes/new/"


@pytest.fixture
def control_room(force):
    """The force, with a control room team of two."""
    team = make_team(name="Control room", kind=Team.Kind.CONTROL_ROOM)
    PersonFactory.create_batch(2, team=team)
    return force


def form(**overrides) -> dict:
    module = VideoModulePage.objects.get(slug="closing-a-crime")
    data = {
        "name": "Control room refresher",
        "description": "",
        "start_date": "2026-12-01",
        "due_mode": "relative",
        "due_date": "",
        "due_within_weeks": "6",
        "active": "on",
        "requirements": inline_formset(
            [{"kind": "module", "module": module.pk, "quiz": "", "title": ""}]
        ),
        "audience_rules": inline_formset(
            [{"team": "", "team_kinds": ["control_room"], "ranks": []}]
        ),
    }
    data.update(overrides)
    flat = nested_form_data(data)
    # A checkbox group posts one value per ticked box under the same name (the
    # helper would number them as if they were a StreamField list).
    for key in list(flat):
        name, _sep, index = key.rpartition("-")
        if name.endswith(("team_kinds", "ranks")) and index.isdigit():
            flat.setdefault(name, [])
            flat[name] = [*flat[name], flat.pop(key)]
    return flat


def test_a_manager_creates_a_programme_and_its_audience_is_assigned(
    client, control_room
):
    sign_in(client, "manager")
    response = client.post(ADD, form(), follow=True)
    assert response.status_code == 200
    programme = Programme.objects.get(name="Control room refresher")
    control = Assignment.objects.filter(programme=programme)
    assert control.count() > 0
    assert all(a.person.team.kind == Team.Kind.CONTROL_ROOM for a in control)
    assert "assigned" in response.text


def test_a_programme_without_requirements_is_refused(client, control_room):
    sign_in(client, "manager")
    response = client.post(ADD, form(requirements=inline_formset([])))
    assert response.status_code == 200
    assert not Programme.objects.filter(name="Control room refresher").exists()
    assert "at least 1" in response.text


def test_a_due_date_before_the_start_is_refused(client, control_room):
    sign_in(client, "manager")
    response = client.post(
        ADD, form(due_mode="fixed", due_date="2026-11-01", due_within_weeks="")
    )
    assert response.status_code == 200
    assert "The due date is before the start date." in response.text
    assert not Programme.objects.filter(name="Control room refresher").exists()


def test_a_module_requirement_needs_its_module(client, control_room):
    sign_in(client, "manager")
    response = client.post(
        ADD,
        form(
            requirements=inline_formset(
                [{"kind": "module", "module": "", "quiz": "", "title": ""}]
            )
        ),
    )
    assert "Choose the video module." in response.text
    assert not Programme.objects.filter(name="Control room refresher").exists()


def test_an_audience_that_matches_nobody_warns_but_saves(client, control_room):
    sign_in(client, "manager")
    response = client.post(
        ADD,
        form(
            audience_rules=inline_formset(
                [{"team": "", "team_kinds": ["control_room"], "ranks": ["CSUPT"]}]
            )
        ),
        follow=True,
    )
    assert "No one matches this programme" in response.text
    programme = Programme.objects.get(name="Control room refresher")
    assert not programme.assignments.exists()


def test_officers_and_editors_cannot_manage_programmes(client, control_room):
    for username in ("officer", "editor", "sergeant"):
        sign_in(client, username)
        response = client.post(ADD, form())
        assert response.status_code in (302, 403)
        client.logout()
    assert not Programme.objects.filter(name="Control room refresher").exists()
