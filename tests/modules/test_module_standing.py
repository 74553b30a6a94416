"""The module page and its player read one standing: done as the learning
record says (as the quiz lock does), and the watched share the server kept."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from crystal_learning.people.roles import LEARNER
from modules.models import VideoWatch
from tests.modules.factories import module_watched, tile_page, video_module
from tests.people.factories import PersonFactory, UserFactory, make_team
from tests.quizzes.factories import quiz_page


def test_the_page_and_its_standing_agree_with_the_record(db, client):
    officer = PersonFactory(
        team=make_team(name="Standing Response A"), user=UserFactory(roles=[LEARNER])
    )
    tile = tile_page()
    module = video_module(tile=tile, slug="why")
    quiz_page(tile=tile, slug="quiz-why", module=module)
    client.force_login(officer.user)

    assert client.get(module.url, {"standing": "json"}).json() == {
        "tracking": True,
        "done": False,
        "percent": 0,
    }
    VideoWatch.objects.create(person=officer, page=module, fraction=0.42)
    page = client.get(module.url).text
    assert 'data-testid="quiz-locked"' in page and "42% so far" in page
    with CaptureQueriesContext(connection) as queries:
        standing = client.get(module.url, {"standing": "json"}).json()
    assert standing == {"tracking": True, "done": False, "percent": 42}
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE")]
    assert [w for w in writes if "django_session" not in w] == []  # a GET reads

    module_watched(officer, module)
    assert client.get(module.url, {"standing": "json"}).json()["done"] is True
    page = client.get(module.url).text
    assert 'data-testid="quiz-open"' in page
    assert "You have completed this module." in page


def test_without_a_record_there_is_no_standing(db, client):
    tile = tile_page()
    module = video_module(tile=tile, slug="why")
    client.force_login(UserFactory())  # an account with no person record
    assert client.get(module.url, {"standing": "json"}).json() == {"tracking": False}
