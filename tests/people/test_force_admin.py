"""Training managers create and edit teams and people in the Wagtail admin."""

from crystal_learning.people.models import Person, PersonEvent, Team
from tests.people.factories import make_team


def test_a_team_is_created_under_its_area(client, training_manager):
    area = make_team(name="North Area", kind=Team.Kind.AREA, code="N")
    client.force_login(training_manager.user)
    response = client.post(
        "/admin/crystal_people_team/new/",
        {
            "name": "North Response F",
            "code": "n-resp-f",
            "kind": "response",
            "shift_pattern": "",
            "shift_offset": "0",
            "parent": area.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get(code="N-RESP-F")
    assert team.get_parent() == area


def test_a_team_moves_to_another_area(client, training_manager):
    north = make_team(name="North Area", kind=Team.Kind.AREA, code="N")
    south = make_team(name="South Area", kind=Team.Kind.AREA, code="S")
    team = make_team(name="Response A", parent=north, code="RA")
    client.force_login(training_manager.user)
    response = client.post(
        f"/admin/crystal_people_team/edit/{team.pk}/",
        {
            "name": "Response A",
            "code": "RA",
            "kind": "response",
            "shift_pattern": "",
            "shift_offset": "0",
            "parent": south.pk,
        },
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.get_parent() == south


def test_a_person_is_created_with_a_user_and_history(client, training_manager, team):
    client.force_login(training_manager.user)
    response = client.post(
        "/admin/crystal_people_person/new/",
        {
            "staff_number": "D9001",
            "display_name": "Casey Lee",
            "email": "",
            "rank": "PC",
            "role": "Response officer",
            "team": team.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(staff_number="D9001")
    assert person.user.username == "d9001" and not person.user.has_usable_password()
    assert person.events.filter(kind=PersonEvent.Kind.CREATED).exists()


def test_officers_cannot_open_the_people_admin(client, officer):
    client.force_login(officer.user)
    response = client.get("/admin/crystal_people_person/")
    assert response.status_code in (302, 403)
