"""Viewing guides, leaflets and vlogs is recorded (issue 20.6): the server
records an `experienced` statement when a learner opens one through its link,
and the page says when they last opened it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.xapi.activities import ActivityKind, resource_ref
from crystal_learning.xapi.agents import homepage
from crystal_learning.xapi.models import Progress, Statement
from crystal_learning.xapi.vocabulary import ActivityType, Verb
from modules.models import RelatedDocument, ResourcePage
from tests.helpers import sign_in
from tests.modules.factories import (
    leaflet_document,
    make_captions,
    make_video,
    publish_child,
    tile_page,
    video_module,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(sign_ins):
    """A resource page with a leaflet and a vlog, and a module listing the leaflet."""
    tile = tile_page()
    leaflet = leaflet_document()
    vlog = make_video()
    page = publish_child(
        tile,
        ResourcePage(
            title="Roads policing booklet",
            slug="booklet",
            body=[
                ("document", {"document": leaflet, "label": ""}),
                (
                    "vlog",
                    {
                        "video": vlog,
                        "speaker": "Assistant Chief Constable",
                        "captions": make_captions(),
                    },
                ),
            ],
        ),
    )
    module = video_module(tile=tile, slug="closing")
    module.related_documents = [RelatedDocument(document=leaflet)]
    module.save_revision().publish()
    return page, module, leaflet, vlog


def experienced():
    return Statement.objects.filter(verb_id=Verb.EXPERIENCED)


def test_opening_a_leaflet_records_one_statement_set_by_the_server(client, guide):
    page, _module, leaflet, _vlog = guide
    officer = Person.objects.get(user__username="officer")
    sign_in(client, "officer")
    html = client.get(page.url).text
    link = f"/resources/document/{leaflet.pk}/"
    assert f'href="{link}"' in html and "Opened" not in html

    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == leaflet.url
    statement = experienced().get()
    assert statement.person == officer
    assert statement.payload["actor"]["account"] == {
        "homePage": homepage(),
        "name": officer.staff_number,
    }
    assert statement.activity_id == resource_ref(ActivityKind.DOCUMENT, leaflet).id
    assert statement.payload["object"]["definition"]["type"] == ActivityType.DOCUMENT
    assert statement.payload["object"]["definition"]["name"] == {
        "en-GB": "Victim of crime leaflet"
    }

    # Opened again the same day: still one statement.
    client.get(link)
    assert experienced().count() == 1
    today = timezone.localdate().strftime("%-d %b")
    assert f"Opened {today}" in client.get(page.url).text


def test_the_module_page_says_when_its_documents_were_opened(client, guide):
    _page, module, leaflet, _vlog = guide
    sign_in(client, "officer")
    assert "Opened" not in client.get(module.url).text
    client.get(f"/resources/document/{leaflet.pk}/")
    today = timezone.localdate().strftime("%-d %b")
    assert f"Opened {today}" in client.get(module.url).text
    # Per learner: the sergeant, who has opened nothing, sees no date.
    client.logout()
    sign_in(client, "sergeant")
    assert "Opened" not in client.get(module.url).text


def test_playing_a_vlog_records_it_as_watched(client, guide):
    page, _module, _leaflet, vlog = guide
    sign_in(client, "officer")
    html = client.get(page.url).text
    assert f'src="/resources/vlog/{vlog.pk}/"' in html
    assert 'preload="none"' in html  # fetched, and recorded, only when played
    response = client.get(f"/resources/vlog/{vlog.pk}/")
    assert response.status_code == 302 and response["Location"] == vlog.url
    statement = experienced().get()
    assert statement.activity_id == resource_ref(ActivityKind.VLOG, vlog).id
    assert statement.payload["object"]["definition"]["type"] == ActivityType.VIDEO
    assert "Watched " in client.get(page.url).text


def test_a_link_naming_someone_else_is_refused_and_records_nothing(client, guide):
    _page, _module, leaflet, _vlog = guide
    sergeant = Person.objects.get(user__username="sergeant")
    sign_in(client, "officer")
    for query in (
        f"person={sergeant.pk}",
        f"staff_number={sergeant.staff_number}",
        f"actor={sergeant.staff_number}",
        f"Person={sergeant.pk}",
        f"actor[]={sergeant.staff_number}",
    ):
        response = client.get(f"/resources/document/{leaflet.pk}/?{query}")
        assert response.status_code == 403
        assert "only your own viewing" in response.text
    assert not experienced().exists()
    assert not Progress.objects.filter(person=sergeant).exists()


def test_an_unknown_resource_or_kind_is_not_found(client, guide):
    sign_in(client, "officer")
    assert client.get("/resources/document/999999/").status_code == 404
    assert client.get("/resources/module/1/").status_code == 404
    # A media file that is not a video is no vlog.
    audio = make_video(kind="audio")
    assert client.get(f"/resources/vlog/{audio.pk}/").status_code == 404
    assert not experienced().exists()


def test_a_library_file_no_page_offers_is_not_found(client, guide):
    """An id never reveals a file's name: only what a live page links to."""
    from wagtail.models import Collection, CollectionViewRestriction

    sign_in(client, "officer")
    unlinked = leaflet_document()
    assert client.get(f"/resources/document/{unlinked.pk}/").status_code == 404
    assert client.get(f"/resources/vlog/{make_video().pk}/").status_code == 404
    _page, _module, leaflet, _vlog = guide
    private = Collection.get_first_root_node().add_child(name="HR")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    leaflet.collection = private
    leaflet.save()
    assert client.get(f"/resources/document/{leaflet.pk}/").status_code == 404
    assert not experienced().exists()


def test_signed_out_visitors_sign_in_first(client, guide):
    _page, _module, leaflet, _vlog = guide
    response = client.get(f"/resources/document/{leaflet.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    assert not experienced().exists()


def test_the_supervisor_sees_how_many_of_their_team_opened_it(client, guide):
    page, module, leaflet, _vlog = guide
    sign_in(client, "officer")
    client.get(f"/resources/document/{leaflet.pk}/")
    client.logout()
    sergeant = Person.objects.get(user__username="sergeant")
    team = Person.objects.filter(team=sergeant.team, active=True).exclude(
        pk=sergeant.pk
    )
    sign_in(client, "sergeant")
    said = f"Your team: 1 of {team.count()} opened"
    assert said in client.get(page.url).text
    assert said in client.get(module.url).text
    # An officer supervises nobody: no team line.
    client.logout()
    sign_in(client, "officer")
    assert "Your team" not in client.get(page.url).text
