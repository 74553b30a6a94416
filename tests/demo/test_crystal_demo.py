"""The demo force: realistic structure, sign-ins per role, idempotent."""

from django.contrib.auth import authenticate
from django.test import RequestFactory
from wagtail.models import Page, Site

from crystal_learning.people.models import Absence, Person, PersonEvent, Team
from modules.models import TileIndexPage, TilePage
from tests.helpers import run_demo


def snapshot() -> tuple:
    return (
        sorted(
            Team.objects.values_list(
                "code", "name", "path", "kind", "shift_pattern__name", "shift_offset"
            )
        ),
        sorted(
            Person.objects.values_list(
                "staff_number", "display_name", "rank", "team__code", "active"
            )
        ),
        sorted(
            Absence.objects.values_list(
                "person__staff_number", "kind", "starts_on", "ends_on"
            )
        ),
        sorted(
            Person.supervises.through.objects.values_list(
                "person__staff_number", "team__code"
            )
        ),
        PersonEvent.objects.count(),
        sorted(Page.objects.values_list("path", "title", "live")),
    )


def test_default_demo_is_a_durham_sized_force(db):
    output = run_demo(people=1200)
    people = Person.objects.count()
    assert 1150 <= people <= 1300
    assert (
        Team.objects.filter(kind=Team.Kind.AREA).count() == 5
    )  # four areas and force-wide operations
    assert 8 <= Person.objects.filter(team__code="N-RESP-A").count() <= 14
    for area in ["N", "S", "E", "W"]:
        response = Team.objects.filter(code__startswith=f"{area}-RESP-").order_by(
            "code"
        )
        assert response.count() == 5
        assert [t.shift_offset for t in response] == [0, 2, 4, 6, 8]
        assert all(t.shift_pattern.codes == "E,E,L,L,N,N,R,R,R,R" for t in response)
    for kind in [
        Team.Kind.NEIGHBOURHOOD,
        Team.Kind.ROADS_POLICING,
        Team.Kind.CONTROL_ROOM,
        Team.Kind.CID_SAFEGUARDING,
        Team.Kind.STAFF,
    ]:
        assert Team.objects.filter(kind=kind).exists(), kind
    assert (
        Person.objects.filter(rank="PCSO", team__kind=Team.Kind.NEIGHBOURHOOD).count()
        > 20
    )
    sergeants = Person.objects.filter(rank="PS").count()
    constables = Person.objects.filter(rank="PC").count()
    assert (
        4 <= constables / sergeants <= 12
    )  # about five to ten constables per sergeant
    assert Person.objects.filter(rank="INSP").count() >= 4
    assert Absence.objects.filter(kind=Absence.Kind.LEAVE).exists()
    assert Absence.objects.filter(kind=Absence.Kind.SICKNESS).exists()
    assert "username: officer" in output and "username: editor" in output


def test_running_the_demo_twice_changes_nothing(db):
    run_demo(people=120)
    before = snapshot()
    output = run_demo(people=120)
    assert snapshot() == before
    assert "0 team(s), 0 people and 0 absence(s) created" in output


def test_each_demo_sign_in_works_and_has_its_role(db):
    run_demo(people=120)
    roles = {
        "officer": "Learner",
        "sergeant": "Supervisor",
        "manager": "Training manager",
        "editor": "Content editor",
    }
    for username, role in roles.items():
        user = authenticate(
            RequestFactory().post("/accounts/sign-in/"),
            username=username,
            password="crystal-demo",
        )
        assert user is not None, username
        assert user.groups.filter(name=role).exists()
        assert user.person.active
    sergeant = Person.objects.get(user__username="sergeant")
    officer = Person.objects.get(user__username="officer")
    assert sergeant.user.has_perm("crystal_people.view_person_records", officer)


def test_synthetic_people_cannot_sign_in_with_a_password(db):
    run_demo(people=120)
    person = Person.objects.exclude(staff_number__startswith="DEMO").first()
    assert not person.user.has_usable_password()


def test_the_page_tree_has_a_learning_home_with_two_tiles(db):
    run_demo(people=120)
    home = TileIndexPage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert list(
        TilePage.objects.child_of(home).live().values_list("title", flat=True)
    ) == ["Op Crystal", "Victim care"]
