"""Who a supervisor may remind from My teams: the people they supervise, not
themselves nor their inspector; and once a day, which the page says (issue
18.12)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from crystal_learning.people.models import Person, Team
from crystal_learning.people.roles import SUPERVISOR
from crystal_learning.programmes.models import Assignment, ReminderLog
from crystal_learning.programmes.services import assignments_sync
from tests.helpers import sign_in
from tests.people.factories import person_with_sign_in
from tests.programmes.helpers import person

URL = "/reports/my-teams/"


def remind_url(p: Person) -> str:
    assignment = Assignment.objects.get(person=p, ended_on__isnull=True)
    return f"/reports/my-teams/remind/{assignment.pk}/"


def row_of(text: str, name: str) -> str:
    """The matrix row that starts with the person's name."""
    start = text.index(f'<th scope="row" class="govuk-table__header">{name}<br>')
    return text[start : text.index("</tr>", start)]


@pytest.fixture
def inspector(constables):
    """The North Area's inspector, a member of the sergeant's own team (as in
    the demo), supervising the whole area."""
    north = Team.objects.get(code="AREA-N")
    inspector = person_with_sign_in(
        "inspector",
        roles=(SUPERVISOR,),
        team=Team.objects.get(code="N-RESP-A"),
        rank=Person.Rank.INSPECTOR,
        display_name="Insp Ira North",
        email="inspector@example.police.uk",
        supervises=[north],
    )
    assignments_sync()
    return inspector


def test_no_button_to_remind_yourself_or_your_inspector(client, inspector):
    sign_in(client, "sergeant")
    text = client.get(URL).content.decode()
    mine = row_of(text, "PS Jordan Reid")
    assert "This is you" in mine and "Send reminder" not in mine
    boss = row_of(text, "Insp Ira North")
    assert "Supervises you" in boss and "Send reminder" not in boss
    constable = row_of(text, "PC Alex Morgan")
    assert "Send reminder" in constable and remind_url(person("officer")) in constable


def test_the_server_refuses_them_too_with_the_reason(client, inspector):
    sign_in(client, "sergeant")
    mail.outbox.clear()
    response = client.post(remind_url(person("sergeant")))
    assert response.status_code == 403
    assert "You cannot send yourself a reminder" in response.content.decode()
    response = client.post(remind_url(inspector))
    assert response.status_code == 403
    assert (
        "Insp Ira North supervises your team or a team above it: reminders go "
        "only to the people you supervise."
    ) in response.content.decode()
    assert mail.outbox == [] and not ReminderLog.objects.exists()


def test_the_inspector_may_remind_the_sergeant(client, inspector):
    sign_in(client, "inspector")
    text = client.get(URL).content.decode()
    assert "This is you" in row_of(text, "Insp Ira North")
    assert "Send reminder" in row_of(text, "PS Jordan Reid")
    mail.outbox.clear()
    response = client.post(remind_url(person("sergeant")), follow=True)
    assert "Reminder sent to PS Jordan Reid." in response.content.decode()
    assert len(mail.outbox) == 1


def test_after_a_reminder_the_page_says_when_instead_of_offering_another(
    client, inspector
):
    sign_in(client, "sergeant")
    officer = person("officer")
    client.post(remind_url(officer))
    log = ReminderLog.objects.get(kind="manual", recipient=officer)
    at = f"{timezone.localtime(log.sent_at):%H:%M}"
    row = row_of(client.get(URL).content.decode(), "PC Alex Morgan")
    assert f"Reminded today at {at}" in row
    assert "Send reminder" not in row and remind_url(officer) not in row
    # A second one (an old page, a forged form) is refused with who and when.
    response = client.post(remind_url(officer), follow=True)
    assert (
        f"PC Alex Morgan has already been reminded today, at {at} by PS Jordan Reid."
    ) in response.content.decode()
    assert ReminderLog.objects.filter(recipient=officer).count() == 1
