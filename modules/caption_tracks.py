"""Caption tracks in more languages for a video module (docs/welsh.md).

The module's own captions (its `captions` field) are its main track and make
the transcript; each CaptionTrack adds the same video's captions in another
language. The player offers every track and turns on the one in the reader's
language (else the page's, else the main track).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

#: Each language's name in itself: a track's label in the player's menu.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def language_name(code: str) -> str:
    """'cy' -> 'Cymraeg', 'en-GB' -> 'English'; an unknown code as given."""
    base = (code or "").split("-")[0].lower()
    return LANGUAGE_NAMES.get(base, code)


class CaptionTrack(Orderable):
    page = ParentalKey(
        "crystal_modules.VideoModulePage",
        on_delete=models.CASCADE,
        related_name="caption_tracks",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("captions (WebVTT)"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A .vtt file with the same cue timings, in this language."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=language_choices, default="cy"
    )
    label = models.CharField(
        _("label"),
        max_length=60,
        blank=True,
        help_text=_(
            "Shown in the player's captions menu. Empty: the language's own name "
            "(Cymraeg, English)."
        ),
    )

    panels = [FieldPanel("captions"), FieldPanel("language"), FieldPanel("label")]

    def clean(self):
        from .captions import CaptionsInvalid, captions_from_document

        if self.captions_id:
            try:
                captions_from_document(self.captions)
            except CaptionsInvalid as error:
                raise ValidationError({"captions": str(error)}) from error

    class Meta(Orderable.Meta):
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="crystal_caption_track_language"
            )
        ]


CAPTION_TRACKS_PANEL = InlinePanel(
    "caption_tracks",
    heading=_("Captions in other languages"),
    label=_("Caption track"),
)


@dataclass(frozen=True)
class Track:
    url: str
    srclang: str
    label: str
    default: bool = False


def player_tracks(page) -> list[Track]:
    """The `<track kind="captions">` elements for a module's player: the main
    captions, then each added language; the default is the reader's language,
    else the page's, else the main track."""
    tracks = []
    if page.captions_id:
        language = page.captions_language or "en-GB"
        tracks.append((page.captions.url, language, language_name(language)))
    for track in page.caption_tracks.all():
        label = track.label or language_name(track.language)
        tracks.append((track.captions.url, track.language, label))
    if not tracks:
        return []
    page_language = page.locale.language_code if page.locale_id else ""
    wanted = [translation.get_language() or "", page_language]
    default = 0
    for code in wanted:
        base = code.split("-")[0].lower()
        match = next(
            (i for i, t in enumerate(tracks) if t[1].split("-")[0].lower() == base),
            None,
        )
        if match is not None:
            default = match
            break
    return [
        Track(url=url, srclang=lang, label=label, default=index == default)
        for index, (url, lang, label) in enumerate(tracks)
    ]
