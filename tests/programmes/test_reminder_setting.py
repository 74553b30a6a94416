"""The learner chooses for themselves when reminders may come (issue 19.4): on
My training, a POST with the page's token that changes their own record only,
and the next scheduled reminder follows it."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.test import Client
from freezegun import freeze_time

from crystal_learning.people.models import Person, ShiftPattern
from crystal_learning.programmes.models import Assignment
from crystal_learning.programmes.reminders import reminders_send
from tests.helpers import PASSWORD, sign_in

URL = "/my-training/reminders/"


def _browser(username: str) -> Client:
    """Signed in through the form, checking CSRF as a real browser does."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/sign-in/")
    client.post(
        "/accounts/sign-in/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    return client


def _choose(client: Client, choice: str):
    """Read My training, then send its reminder form with its own token."""
    page = client.get("/my-training/").text
    token = re.search(
        r'id="reminders".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S
    ).group(1)
    return client.post(
        URL, {"reminders": choice, "csrfmiddlewaretoken": token}, follow=True
    )


def test_the_learner_chooses_and_the_next_reminder_follows_it(force):
    officer = Person.objects.get(user__username="officer")
    assignment = Assignment.objects.get(person=officer)
    officer.shift_pattern = ShiftPattern.objects.create(name="ELNR", codes="E,L,N,R")
    officer.shift_pattern_from = assignment.due_on - timedelta(days=7)
    officer.save()
    address = officer.email or officer.user.email
    browser = _browser("officer")
    page = browser.get("/my-training/").text
    assert (
        '<label class="govuk-label govuk-radios__label" for="reminders-any-day">'
        "On any day, including rest days, leave and nights</label>"
    ) in page
    assert 'type="radio" value="on_duty" checked' in page
    rest_day = assignment.due_on - timedelta(days=4)

    _choose(browser, "any_day")
    saved = _choose(browser, "on_duty")
    assert "Saved: you will get reminders only on days you are on duty." in saved.text
    assert not Person.objects.get(pk=officer.pk).reminders_off_duty
    with freeze_time(rest_day):
        sent = reminders_send()
    assert not [m for m in mail.outbox if address in m.to]
    assert officer.staff_number in sent.held_off_duty

    saved = _choose(browser, "any_day")
    assert "Saved: you will get reminders on any day" in saved.text
    assert 'type="radio" value="any_day" checked' in saved.text
    assert Person.objects.get(pk=officer.pk).reminders_off_duty
    with freeze_time(rest_day):
        reminders_send()
    assert len([m for m in mail.outbox if address in m.to]) == 1


def test_only_the_signed_in_persons_own_record_changes(client, force):
    officer = Person.objects.get(user__username="officer")
    sergeant = Person.objects.get(user__username="sergeant")
    sign_in(client, "officer")
    client.post(
        URL,
        {
            "reminders": "any_day",
            "person": sergeant.pk,
            "staff_number": sergeant.staff_number,
        },
    )
    officer.refresh_from_db()
    sergeant.refresh_from_db()
    assert officer.reminders_off_duty
    assert not sergeant.reminders_off_duty
    assert client.get(URL).status_code == 405  # a GET changes nothing
    nonsense = client.post(URL, {"reminders": "never"}, follow=True)
    assert "Choose when you want reminders." in nonsense.text
    officer.refresh_from_db()
    assert officer.reminders_off_duty


def test_no_change_without_the_pages_token(force):
    browser = _browser("officer")
    assert browser.post(URL, {"reminders": "any_day"}).status_code == 403
    assert not Person.objects.get(user__username="officer").reminders_off_duty


def test_the_setting_is_in_welsh(force):
    browser = _browser("officer")
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = browser.get("/my-training/").text
    assert "Pryd i anfon nodiadau atgoffa atoch" in page
    saved = _choose(browser, "any_day")
    assert "Wedi’i gadw: byddwch yn cael nodiadau atgoffa ar unrhyw ddiwrnod" in (
        saved.text
    )
