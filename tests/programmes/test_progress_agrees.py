"""A partly watched video shows the same share on every screen that shows it:
the module page, My training (the programme and the videos list) and the
supervisor's matrix (issue 18.2: one list said 0%, another 9%)."""

from __future__ import annotations

from crystal_learning.people.models import Person
from crystal_learning.xapi.models import Progress
from modules.models import VideoWatch
from tests.helpers import sign_in
from tests.modules.factories import tile_page, video_module
from tests.programmes.factories import core_programme


def test_a_partial_watch_reads_the_same_everywhere(client, sign_ins):
    module = video_module(tile=tile_page(), slug="why-it-matters", title="Why")
    core_programme(modules=[module])
    officer = Person.objects.get(user__username="officer")
    # What the server credited after part of a viewing (and the browser's
    # statements left the record "in progress").
    VideoWatch.objects.create(person=officer, page=module, fraction=0.09)
    Progress.objects.create(
        person=officer, activity_id=module.activity_id, status="in_progress"
    )

    sign_in(client, "officer")
    assert "You have watched 9% so far." in client.get(module.url).text
    my_training = client.get("/my-training/").text
    assert my_training.count("In progress (9%)") == 2  # programme list and videos
    assert "In progress (0%)" not in my_training
    client.logout()

    sign_in(client, "sergeant")  # supervises the officer's team
    assert "In progress (9%)" in client.get("/reports/my-teams/").text
