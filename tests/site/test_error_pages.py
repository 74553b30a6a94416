"""Error pages look like the site, say why, and offer a way back (issue 18.7)."""

from __future__ import annotations

import pytest
from django.test import Client

from crystal_learning.people.roles import LEARNER
from tests.people.factories import PersonFactory, UserFactory, make_team


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def learner(db):
    return PersonFactory(
        team=make_team(name="Error Response A"),
        display_name="PC Erin Page",
        user=UserFactory(roles=[LEARNER]),
    )


def test_a_missing_page_is_a_styled_404(client, learner):
    assert client.get("/no-such-page/").status_code == 302  # sign in first
    client.force_login(learner.user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = text(response)
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "crystal-header" in page  # the site's header
    assert 'href="/"' in page and "Go to the learning home" in page
    assert "Go to My training" in page


def test_a_refusal_says_why(client, learner):
    client.force_login(learner.user)
    response = client.get("/reports/my-teams/")
    assert response.status_code == 403
    page = text(response)
    assert "You cannot open this page" in page
    assert "You do not supervise a team." in page
    assert "Go to My training" in page
    assert "PC Erin Page" in page  # signed in, in the header


@pytest.mark.urls("tests.site.error_urls")
def test_a_failure_is_a_styled_500_that_keeps_the_record(db):
    client = Client(raise_request_exception=False)
    response = client.get("/fails/")
    assert response.status_code == 500
    page = text(response)
    assert "Sorry, there is a problem with the service" in page
    assert "your training record is kept" in page
    assert "Go to the learning home" in page


def test_the_site_uses_the_500_view():
    from crystal_learning import urls

    assert urls.handler500 == "crystal_learning.site.views.server_error"
