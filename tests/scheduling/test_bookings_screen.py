"""The bookings screens as a training manager meets them (issue 18.11): one
click away, buttons that read right, attendance only once a session has
started, a trainer chooser, a warning before booking someone the briefing is
not for, and a re-plan that leaves hand-made bookings alone and says so."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from freezegun import freeze_time

from crystal_learning.people.models import Absence, Person
from crystal_learning.programmes.models import Requirement
from crystal_learning.scheduling.models import (
    Booking,
    BookingEvent,
    DraftPlan,
    TrainingSession,
)
from crystal_learning.scheduling.services import (
    BookingNeedsConfirmation,
    BookingRefused,
    attendance_mark,
    booking_create,
)
from crystal_learning.xapi.models import Statement
from crystal_learning.xapi.vocabulary import Verb
from tests.helpers import sign_in
from tests.scheduling.factories import briefing
from tests.scheduling.helpers import sergeants

ROOT = Path(__file__).resolve().parents[2]


def bookings_url(session: TrainingSession) -> str:
    return f"/admin/training_sessions/{session.pk}/bookings/"


def test_bookings_are_one_click_from_the_listing_calendar_and_edit_page(client, force):
    session = briefing(capacity=2)
    booking_create(session=session, person=sergeants(1)[0])
    link = f'href="{bookings_url(session)}"'
    sign_in(client, "manager")

    listing = client.get("/admin/training_sessions/").text
    cell = re.search(rf'<a {link} data-testid="bookings-link">([^<]*)</a>', listing)
    assert cell and cell.group(1) == "Bookings (1 of 2)"

    calendar = client.get(
        "/admin/plans/calendar/", {"month": f"{session.date:%Y-%m}"}
    ).text
    assert re.search(
        rf'<a {link} data-testid="bookings-link">Bookings \(1 of 2\)', calendar
    )

    edit = client.get(f"/admin/training_sessions/edit/{session.pk}/").text
    button = re.search(r"<a [^>]*data-testid=\"bookings-button\"[^>]*>", edit)
    assert button and link in button.group(0)  # a header button, not in "more"
    assert "Bookings (1 of 2)" in edit

    page = client.get(bookings_url(session)).text
    assert f'href="/admin/training_sessions/edit/{session.pk}/"' in page


def test_screen_reader_text_is_hidden_on_screen(client, force):
    session = briefing(capacity=2)
    sergeant = sergeants(1)[0]
    booking_create(session=session, person=sergeant)
    sign_in(client, "manager")
    page = client.get(bookings_url(session)).text
    assert f'<span class="w-sr-only"> – {sergeant.display_name}</span>' in page
    # Wagtail 8's admin hides that class; the old name it no longer styles is
    # used nowhere in the admin.
    assert ".w-sr-only{" in Path(finders.find("wagtailadmin/css/core.css")).read_text()
    used = [
        str(path.relative_to(ROOT))
        for folder in ("crystal_learning", "modules", "quizzes")
        for path in (ROOT / folder).rglob("*.html")
        if "visuallyhidden" in path.read_text()
    ]
    assert used == []


def test_attendance_is_offered_and_accepted_only_once_the_session_has_started(
    client, force
):
    session = briefing(capacity=2)
    booking = booking_create(session=session, person=sergeants(1)[0])
    url = bookings_url(session)
    sign_in(client, "manager")

    before = client.get(url).text
    assert 'value="cancel"' in before
    assert 'value="attended"' not in before and 'value="no_show"' not in before
    day = f"{session.date.day} {session.date:%B %Y}"
    when = f"Attendance can be marked once the session has started (10:00 on {day})."
    assert when in before

    # A forged POST is refused with the reason, and changes nothing.
    events = BookingEvent.objects.count()
    forged = client.post(url, {"action": "attended", "booking": booking.pk})
    assert forged.status_code == 409
    assert when in forged.text
    booking.refresh_from_db()
    assert booking.status == "booked" and BookingEvent.objects.count() == events
    with pytest.raises(BookingRefused, match="once the session has started"):
        attendance_mark(
            booking=booking,
            attended=False,
            now=session.starts_at - timedelta(minutes=1),
        )
    assert not Statement.objects.filter(verb_id=Verb.ATTENDED).exists()

    with freeze_time(session.starts_at):
        sign_in(client, "manager")  # a week on: signed in again
        started = client.get(url).text
        assert 'value="attended"' in started and 'value="no_show"' in started
        assert "Attendance can be marked once" not in started
        done = client.post(url, {"action": "attended", "booking": booking.pk})
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "attended"


def test_the_trainer_is_chosen_by_name_or_staff_number(client, force):
    sign_in(client, "manager")
    form = client.get("/admin/training_sessions/new/").text
    assert not re.search(r'<select[^>]*name="trainer"', form)
    assert "Choose a person" in form
    assert "/admin/crystal_people_person_chooser/" in form
    somebody = sergeants(3)[2]
    assert somebody.display_name not in form  # no list of everyone

    def found(query: str) -> str:
        response = client.get("/admin/crystal_people_person_chooser/", {"q": query})
        assert response.status_code == 200
        return json.loads(response.content)["html"]

    by_number = found(somebody.staff_number.lower())
    assert somebody.display_name in by_number
    assert "PS Jordan Reid" not in by_number
    by_name = found("Jordan")
    assert "PS Jordan Reid (DEMO0002)" in by_name and "Sergeant" in by_name
    assert somebody.display_name not in by_name
    results = client.get(
        "/admin/crystal_people_person_chooser/results/", {"q": "<script>"}
    )
    assert results.status_code == 200 and "<script>" not in results.text

    response = client.post(
        "/admin/training_sessions/new/",
        {
            "kind": "elearning",
            "title": "Protected learning, North",
            "requirement": "",
            "date": "2030-01-10",
            "start": "10:00",
            "end": "12:00",
            "venue": "HQ",
            "capacity": "10",
            "trainer": str(somebody.pk),
            "audience_team": "",
        },
    )
    assert response.status_code == 302
    assert TrainingSession.objects.get(title="Protected learning, North").trainer == (
        somebody
    )


@pytest.mark.parametrize(
    "path, status",
    [
        ("chosen/abc/", 404),
        ("chosen/99999999999999999999999/", 404),
        ("chosen-multiple/?id=abc&id=-1", 200),
        ("?p=abc", 404),
        ("?q=%00", 200),
        ("create/", 404),
    ],
)
def test_made_up_chooser_requests_get_a_clear_answer(client, force, path, status):
    client.raise_request_exception = False
    sign_in(client, "manager")
    response = client.get(f"/admin/crystal_people_person_chooser/{path}")
    assert response.status_code == status
    assert (
        client.post("/admin/crystal_people_person_chooser/create/").status_code == 404
    )


def test_only_people_who_may_see_people_can_open_the_chooser(client, force):
    sign_in(client, "editor")
    response = client.get("/admin/crystal_people_person_chooser/", {"q": "DEMO"})
    assert response.status_code in (302, 403)
    assert "DEMO0002" not in response.content.decode()


def test_booking_someone_the_briefing_is_not_for_asks_first(client, force):
    session = briefing(capacity=5)
    session.audience_ranks = []  # open to anyone: the requirement still is not
    session.save()
    constable = Person.objects.get(user__username="officer")
    with pytest.raises(BookingNeedsConfirmation):
        booking_create(session=session, person=constable)
    assert not Booking.objects.exists()

    sign_in(client, "manager")
    url = bookings_url(session)
    asked = client.post(url, {"action": "book", "staff_number": "demo0001"})
    assert asked.status_code == 200
    assert "Book anyway" in asked.text and "Do not book" in asked.text
    assert (
        "“Op Crystal supervisor briefing” does not apply to PC Alex Morgan "
        "(Constable): attending will not count towards their training."
    ) in asked.text
    assert not Booking.objects.exists()  # nothing is booked without a yes

    confirmed = client.post(
        url, {"action": "book", "staff_number": "DEMO0001", "confirm": "on"}
    )
    assert confirmed.status_code == 302
    booking = Booking.objects.get(person=constable)
    assert booking.status == "booked"
    notes = {e.note for e in booking.events.all()}
    assert notes == {"booked anyway: the briefing requirement does not apply to them"}
    page = client.get(url).text
    assert "booked anyway: the briefing requirement does not apply to them" in page

    # A sergeant, whom it is for, is booked at once.
    client.post(url, {"action": "book", "staff_number": sergeants(1)[0].staff_number})
    assert Booking.objects.filter(status="booked").count() == 2


def plan_and_publish(client, requirement) -> tuple[DraftPlan, str, str]:
    """Plan the briefing in the admin as a manager does: the draft, its page,
    and the message publishing it gives."""
    today = timezone.localdate()
    client.post(
        "/admin/plans/",
        {
            "requirement": requirement.pk,
            "starts_on": today,
            "ends_on": today + timedelta(weeks=8),
            "generate": "on",
            "start": "10:00",
            "end": "12:00",
            "venue": "HQ",
            "capacity": "15",
        },
    )
    plan = DraftPlan.objects.get(status="draft")
    page = client.get(f"/admin/plans/{plan.pk}/").text
    published = client.post(f"/admin/plans/{plan.pk}/publish/", follow=True).text
    plan.refresh_from_db()
    message = re.search(r"Published:[^<]*", published)
    return plan, page, message.group(0).strip() if message else published


def test_a_replan_keeps_bookings_made_by_hand_and_counts_what_happened(
    client, demo_site
):
    requirement = Requirement.objects.get(
        kind="briefing", programme__name="Op Crystal core"
    )
    sign_in(client, "manager")
    plan_and_publish(client, requirement)
    planned = list(
        Booking.objects.active().select_related("session", "person").order_by("pk")
    )
    assert len(planned) >= 3
    constable = Person.objects.get(user__username="officer")
    client.post(
        bookings_url(planned[0].session),
        {"action": "book", "staff_number": constable.staff_number, "confirm": "on"},
    )
    by_hand = Booking.objects.get(person=constable, status="booked")

    # Nothing changed: the constable's booking, made by hand, stays.
    plan, _page, published = plan_and_publish(client, requirement)
    assert plan.result["move"] == [] and plan.result["cancel"] == []
    assert published == (
        "Published: 0 booked, 0 waitlisted, 0 moved to a new session, 0 cancelled, "
        f"{len(planned) + 1} already booked and kept, 0 sessions created."
    )
    by_hand.refresh_from_db()
    assert by_hand.status == "booked"

    # An absence moves a plan's booking; a leaver's booking is cancelled.
    victim, leaver = planned[1], planned[2]
    day = victim.session.date
    Absence.objects.create(person=victim.person, kind="AL", starts_on=day, ends_on=day)
    Person.objects.filter(pk=leaver.person_id).update(active=False)
    plan, page, published = plan_and_publish(client, requirement)
    assert plan.result["move"] == [victim.pk] and plan.result["cancel"] == [leaver.pk]
    moves, cancels = page.split("Bookings this plan moves")[1].split(
        "Bookings this plan cancels"
    )
    assert victim.person.display_name in moves
    assert leaver.person.display_name in cancels.split("<h2")[0]
    assert constable.display_name not in page
    created = len({s for _p, s in plan.result["assignments"] if isinstance(s, str)})
    assert published == (
        "Published: 0 booked, 0 waitlisted, 1 moved to a new session, 1 cancelled, "
        f"{len(planned) - 1} already booked and kept, {created} sessions created. "
        "Everyone booked, moved or cancelled has been e-mailed."
    )
    assert {b.status for b in Booking.objects.filter(person=victim.person)} == {
        "booked",
        "cancelled",
    }
    assert Booking.objects.get(pk=leaver.pk).status == "cancelled"
    by_hand.refresh_from_db()
    assert by_hand.status == "booked"
    assert Booking.objects.active().count() == len(planned)
