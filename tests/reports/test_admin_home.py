"""The admin home: a training manager's own name and what needs attention
(overdue by area, sessions this week with free places, plans in draft); what
others do not see; the same number of queries however much there is."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crystal_learning.people.models import Person, Team
from crystal_learning.programmes.models import Assignment, Requirement
from crystal_learning.programmes.services import assignments_sync
from crystal_learning.scheduling.models import DraftPlan, TrainingSession
from crystal_learning.scheduling.services import booking_create
from crystal_learning.xapi.models import Delivery, LRSEndpoint
from crystal_learning.xapi.pipeline import statements_record
from tests.helpers import sign_in
from tests.people.factories import PersonFactory, UserFactory, make_team
from tests.scheduling.factories import briefing
from tests.xapi.factories import make_statement

HOME = "/admin/"


def overdue(people, days: int = 3) -> None:
    Assignment.objects.filter(person__in=people).update(
        due_on=timezone.localdate() - timedelta(days=days)
    )


def draft(status: str = DraftPlan.Status.DRAFT, weeks: int = 12) -> DraftPlan:
    today = timezone.localdate()
    return DraftPlan.objects.create(
        requirement=Requirement.objects.get(kind="briefing"),
        starts_on=today,
        ends_on=today + timedelta(weeks=weeks),
        status=status,
        created_at=timezone.now(),
    )


def home_text(client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_a_training_manager_sees_their_name_and_what_needs_attention(
    client, constables
):
    north_b = Team.objects.get(code="N-RESP-B")
    south = Team.objects.get(code="AREA-S")
    overdue(Person.objects.filter(team=north_b)[:3])
    overdue(Person.objects.filter(team__code="S-RESP-A")[:2])
    soon = briefing(capacity=5, on=timezone.localdate() + timedelta(days=2))
    booking_create(session=soon, person=constables.sergeant)
    full = briefing(capacity=1, on=timezone.localdate() + timedelta(days=3))
    booking_create(
        session=full, person=Person.objects.get(display_name="PS Sergeant 1")
    )
    TrainingSession.objects.filter(pk=full.pk).update(title="Full briefing")
    later = briefing(capacity=5, on=timezone.localdate() + timedelta(days=9))
    TrainingSession.objects.filter(pk=later.pk).update(title="Later briefing")
    plan = draft()
    published = draft(status=DraftPlan.Status.PUBLISHED, weeks=4)

    sign_in(client, "manager")
    text = home_text(client)

    assert "Welcome, Sam Patel" in text
    assert "Your roles: Training manager, Learner." in text
    assert "Overdue training by area" in text
    assert "5 people have overdue training." in text
    north = north_b.get_parent()
    assert f'href="/admin/reports/training/coverage/?area={north.pk}"' in text
    assert f'href="/admin/reports/training/overdue/?area={south.pk}"' in text
    assert ">3 people</a>" in text and ">2 people</a>" in text
    assert "Sessions this week with free places" in text
    assert f'href="/admin/training_sessions/{soon.pk}/bookings/"' in text
    assert f"{soon.date:%a %-d %b %Y}, 10:00" in text
    assert "4 of 5 free" in text
    assert "Full briefing" not in text and "Later briefing" not in text
    assert "Plans in draft" in text
    assert f'href="/admin/plans/{plan.pk}/"' in text
    assert f'href="/admin/plans/{published.pk}/"' not in text
    assert "Forwarding to external LRSs" not in text


def test_when_nothing_needs_attention_each_panel_says_so(client, force):
    assignments_sync()
    sign_in(client, "manager")
    text = home_text(client)
    assert "No one has overdue training." in text
    assert "has a free place." in text
    assert "No plan is waiting in draft." in text


def test_an_editor_sees_their_name_but_not_the_training_panels(client, constables):
    overdue(Person.objects.filter(team__code="N-RESP-B"))
    briefing(capacity=5, on=timezone.localdate() + timedelta(days=1))
    draft()
    sign_in(client, "editor")
    text = home_text(client)
    assert "Welcome, Chris Walsh" in text
    assert "Your roles: Content editor, Learner." in text
    for heading in (
        "Overdue training by area",
        "Sessions this week with free places",
        "Plans in draft",
        "Forwarding to external LRSs",
    ):
        assert heading not in text


def test_an_administrator_sees_dead_letters_with_a_link_to_forwarding(client, force):
    admin = UserFactory(username="admin")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    text = home_text(client)
    assert "Your roles: Administrator, Learner." in text
    assert "no statement is waiting as a dead letter." in text
    LRSEndpoint.objects.create(name="Watershed", url="http://127.0.0.1:9/xapi/")
    statements_record(statements=[make_statement(), make_statement()])
    Delivery.objects.update(status=Delivery.Status.DEAD)
    text = home_text(client)
    assert "Forwarding to external LRSs needs attention" in text
    assert "2 statements could not be delivered." in text
    assert 'href="/admin/xapi-forwarding/"' in text


def _more_of_everything() -> None:
    """Another area of teams with overdue people, a busy week, many drafts."""
    west = make_team(name="West Area", code="AREA-W", kind=Team.Kind.AREA)
    for number in range(4):
        team = make_team(name=f"West Team {number}", parent=west)
        PersonFactory.create_batch(5, team=team)
    assignments_sync()
    overdue(Person.objects.all())
    for day in range(7):
        for _ in range(2):
            briefing(capacity=4, on=timezone.localdate() + timedelta(days=day))
    for _ in range(12):
        draft()


def test_the_home_costs_the_same_queries_however_much_there_is(
    client, constables, django_assert_max_num_queries
):
    overdue(Person.objects.filter(team__code="N-RESP-B")[:1])
    briefing(capacity=5, on=timezone.localdate() + timedelta(days=1))
    draft()
    sign_in(client, "manager")
    home_text(client)  # warm the per-process caches (site, permissions)
    with CaptureQueriesContext(connection) as small:
        home_text(client)
    _more_of_everything()
    with django_assert_max_num_queries(len(small)):
        text = home_text(client)
    assert "Showing the first 10." in text
    assert "Showing the newest 10." in text
    assert "West Area" in text
