"""WebVTT captions: validated with webvtt-py, turned into a transcript."""

from __future__ import annotations

from dataclasses import dataclass

import webvtt
from django.core.cache import cache
from django.utils.translation import gettext as _

MAX_CAPTIONS_BYTES = 1024 * 1024


class CaptionsInvalid(ValueError):
    """The file is not usable WebVTT captions; the message says why, for editors."""


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str

    @property
    def start_label(self) -> str:
        minutes, seconds = divmod(int(self.start), 60)
        return f"{minutes}:{seconds:02d}"


def captions_parse(text: str) -> list[Cue]:
    """Parse WebVTT text; CaptionsInvalid with a readable reason if it is not valid."""
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise CaptionsInvalid(_("A WebVTT file starts with the line WEBVTT."))
    try:
        captions = webvtt.from_string(text.lstrip("\ufeff"), strict=True)
    except Exception as error:  # webvtt raises several error types for bad files
        raise CaptionsInvalid(
            _("The captions file is not valid WebVTT: %(error)s") % {"error": error}
        ) from error
    cues = [
        Cue(
            start=c.start_in_seconds + c.start_time.milliseconds / 1000,
            end=c.end_in_seconds + c.end_time.milliseconds / 1000,
            text=" ".join(c.text.split()),
        )
        for c in captions
    ]
    if not cues:
        raise CaptionsInvalid(_("The captions file has no cues (no timed text)."))
    for index, cue in enumerate(cues, 1):
        if cue.end <= cue.start:
            raise CaptionsInvalid(_("Cue %(n)s ends before it starts.") % {"n": index})
    return cues


def captions_from_document(document) -> list[Cue]:
    """Read a Wagtail document as WebVTT captions."""
    if document is None:
        raise CaptionsInvalid(_("Choose a WebVTT (.vtt) captions file."))
    if not document.file.name.lower().endswith(".vtt"):
        raise CaptionsInvalid(_("Captions must be a WebVTT file ending in .vtt."))
    try:
        if document.file.size > MAX_CAPTIONS_BYTES:
            raise CaptionsInvalid(_("The captions file is larger than 1 MB."))
        document.file.open("rb")
        try:
            raw = document.file.read()
        finally:
            document.file.close()
    except OSError as error:
        raise CaptionsInvalid(_("The captions file cannot be read.")) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CaptionsInvalid(_("WebVTT files must be UTF-8 text.")) from error
    return captions_parse(text)


def transcript_paragraphs(cues: list[Cue], *, gap_seconds: float = 2.0) -> list[Cue]:
    """Join cues into paragraphs, breaking where the narration pauses."""
    paragraphs: list[Cue] = []
    for cue in cues:
        if (
            paragraphs
            and cue.start - paragraphs[-1].end < gap_seconds
            and len(paragraphs[-1].text) < 400
        ):
            last = paragraphs[-1]
            paragraphs[-1] = Cue(last.start, cue.end, f"{last.text} {cue.text}")
        else:
            paragraphs.append(cue)
    return paragraphs


def transcript_for(document) -> list[Cue]:
    """The transcript of a captions document, parsed once and then cached.

    The key names the stored file and its hash: replacing the file in the admin
    gives a new name, so a stale transcript is never shown.
    """
    if document is None:
        return []
    key = (
        f"crystal:transcript:{document.pk}:{document.file.name}:"
        f"{getattr(document, 'file_hash', '')}"
    )
    paragraphs = cache.get(key)
    if paragraphs is None:
        try:
            paragraphs = transcript_paragraphs(captions_from_document(document))
        except CaptionsInvalid:
            paragraphs = []
        cache.set(key, paragraphs, 24 * 3600)
    return paragraphs
