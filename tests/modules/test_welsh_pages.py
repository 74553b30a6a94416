"""A module page in Welsh (wagtail-localize): an editor translates it, a reader
in Cymraeg sees it, and it is the same activity as the English page, so
watching it in either language completes the module (issue 18.16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from crystal_learning.xapi.models import Progress
from crystal_learning.xapi.vocabulary import Verb
from modules.caption_tracks import CaptionTrack
from modules.models import VideoModulePage, VideoWatch
from tests.modules.factories import VTT, make_captions
from tests.modules.helpers import START, event, post

WELSH_TITLE = "Modiwl prawf: y safon"


def translate_into_welsh(module: VideoModulePage, on_commit) -> VideoModulePage:
    """What an editor does: "Translate" (wagtail-localize) into Welsh, translate
    the title, publish."""
    welsh = Locale.objects.get(language_code="cy")
    editor = Client()
    editor.force_login(User.objects.get(username="editor"))
    response = editor.post(
        f"/admin/localize/submit/page/{module.pk}/", {"locales": [welsh.pk]}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    translation = Translation.objects.get(
        source__object_id=module.translation_key, target_locale=welsh
    )
    title = translation.source.stringsegment_set.get(string__data=module.title)
    StringTranslation.objects.create(
        translation_of=title.string,
        locale=welsh,
        context=title.context,
        data=WELSH_TITLE,
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
    )
    with on_commit(execute=True):  # wagtail-localize publishes after commit
        translation.save_target(publish=True)
    return VideoModulePage.objects.get(
        translation_key=module.translation_key, locale=welsh
    )


def choose(client: Client, language: str) -> Client:
    """The header's Cymraeg / English button (a POST with the page's token)."""
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/language/",
        {"language": language, "next": "/", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    return client


def in_welsh(client: Client) -> Client:
    return choose(client, "cy")


@pytest.fixture
def welsh_module(module, django_capture_on_commit_callbacks):
    return translate_into_welsh(module, django_capture_on_commit_callbacks)


def test_an_editor_translates_a_module_and_a_welsh_reader_sees_it(
    module, welsh_module, officer_browser
):
    assert welsh_module.live and welsh_module.title == WELSH_TITLE
    english = officer_browser.get(module.url).content.decode()
    assert module.title in english and WELSH_TITLE not in english
    welsh = in_welsh(officer_browser).get(module.url).content.decode()
    assert WELSH_TITLE in welsh and '<html lang="cy"' in welsh
    assert "Trawsgrifiad" in welsh  # the interface is Welsh too
    # The tile lists the module by its Welsh title; an untranslated tile is
    # still found at its English address.
    tile = officer_browser.get(module.get_parent().url).content.decode()
    assert WELSH_TITLE in tile


def test_a_welsh_module_is_the_same_activity_as_the_english_one(
    module, welsh_module, officer_browser, officer
):
    assert welsh_module.activity_id == module.activity_id
    assert welsh_module.activity_ref().id == module.activity_ref().id
    in_welsh(officer_browser)
    post(officer_browser, event(welsh_module, officer, Verb.INITIALIZED), at=START)
    post(
        officer_browser,
        event(
            welsh_module,
            officer,
            Verb.COMPLETED,
            segments="0[.]80",
            time=80,
            progress=1,
        ),
        at=START + timedelta(seconds=85),
    )
    # One viewing record, on the English page; one progress row, completed.
    assert VideoWatch.objects.get(person=officer, page=module).completed_at
    assert not VideoWatch.objects.filter(page=welsh_module).exists()
    progress = Progress.objects.get(person=officer, activity_id=module.activity_id)
    assert progress.status == "completed"
    # Back in English, the module is done.
    choose(officer_browser, "en-gb")
    page = officer_browser.get(module.url).content.decode()
    assert "You have completed this module." in page


def test_the_player_offers_each_caption_track_in_the_readers_language(
    module, officer_browser
):
    welsh_captions = make_captions(VTT, name="captions.cy.vtt")
    CaptionTrack.objects.create(page=module, captions=welsh_captions, language="cy")
    module.save_revision().publish()
    english = officer_browser.get(module.url).content.decode()
    main = (
        f'<track kind="captions" src="{module.captions.url}" srclang="en-GB" '
        'label="English" default>'
    )
    cy_track = (
        f'<track kind="captions" src="{welsh_captions.url}" srclang="cy" '
        'label="Cymraeg"'
    )
    assert main in english
    assert cy_track + ">" in english
    welsh = in_welsh(officer_browser).get(module.url).content.decode()
    assert cy_track + " default>" in welsh
    assert (
        f'<track kind="captions" src="{module.captions.url}" srclang="en-GB" '
        'label="English">'
    ) in welsh
