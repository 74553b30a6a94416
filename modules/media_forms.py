"""The wagtailmedia upload form, with the checks wagtailmedia leaves to the browser.

wagtailmedia only sets the file input's `accept` attribute, so a PDF uploaded as
a "video" is stored without complaint, and its duration (which watched time is
measured against) is whatever the editor typed, or nothing. This form refuses a
file whose name or content is not the media type being added, and reads the
duration from the file when the editor leaves it blank (mutagen reads MP4, M4A,
MP3, Ogg, FLAC, WAV and AIFF headers).
"""

from __future__ import annotations

from pathlib import Path

import mutagen
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtailmedia.forms import BaseMediaForm
from wagtailmedia.settings import wagtailmedia_settings

_MP3_SYNC = (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")

# What the first bytes of a file say it is: (test, description, media types).
_SIGNATURES = [
    (lambda head: head[4:8] == b"ftyp", "MP4 or QuickTime", {"video", "audio"}),
    (lambda head: head.startswith(b"\x1a\x45\xdf\xa3"), "WebM or Matroska", {"video"}),
    (lambda head: head.startswith(b"OggS"), "Ogg", {"video", "audio"}),
    (lambda head: head[:4] == b"RIFF" and head[8:12] == b"AVI ", "AVI", {"video"}),
    (
        lambda head: head[:4] in (b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"),
        "MPEG",
        {"video"},
    ),
    (lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE", "WAV", {"audio"}),
    (lambda head: head.startswith(b"ID3") or head[:2] in _MP3_SYNC, "MP3", {"audio"}),
    (lambda head: head.startswith(b"fLaC"), "FLAC", {"audio"}),
    (lambda head: head[:2] in (b"\xff\xf1", b"\xff\xf9"), "AAC", {"audio"}),
    (
        lambda head: head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"),
        "AIFF",
        {"audio"},
    ),
]

# Files editors upload by mistake, named so the error says what went wrong.
_NOT_MEDIA = [
    (b"%PDF", _("a PDF document")),
    (b"\x89PNG", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"PK\x03\x04", _("an Office document or ZIP archive")),
    (b"WEBVTT", _("a captions file (add it to the module's captions instead)")),
]


def sniff(head: bytes) -> tuple[str, set[str]] | None:
    for test, description, kinds in _SIGNATURES:
        if test(head):
            return description, kinds
    return None


class CrystalMediaForm(BaseMediaForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged on edit
        kind = self.instance.type
        allowed = {
            "video": wagtailmedia_settings.VIDEO_EXTENSIONS,
            "audio": wagtailmedia_settings.AUDIO_EXTENSIONS,
        }.get(kind)
        if not allowed:
            return upload
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        expected = ", ".join(extension.upper() for extension in ("mp4", "webm"))
        if kind == "audio":
            expected = ", ".join(extension.upper() for extension in ("mp3", "m4a"))
        for magic, description in _NOT_MEDIA:
            if head.startswith(magic):
                raise forms.ValidationError(
                    _(
                        "This file is %(what)s, not %(kind)s. "
                        "Choose an %(expected)s file."
                    )
                    % {"what": description, "kind": _(kind), "expected": expected}
                )
        extension = Path(upload.name).suffix.lower().lstrip(".")
        found = sniff(head)
        if extension not in allowed or found is None or kind not in found[1]:
            raise forms.ValidationError(
                _(
                    "This file is not %(kind)s we can play. Choose an %(expected)s "
                    "file (allowed: %(allowed)s)."
                )
                % {"kind": _(kind), "expected": expected, "allowed": ", ".join(allowed)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if isinstance(upload, UploadedFile) and not cleaned.get("duration"):
            try:
                upload.seek(0)
                info = mutagen.File(upload)
                length = getattr(getattr(info, "info", None), "length", 0) or 0
            except Exception:  # an unreadable header means "unknown"
                length = 0
            finally:
                upload.seek(0)
            if length:
                cleaned["duration"] = round(float(length), 2)
                self.instance.duration = cleaned["duration"]
        if (
            self.instance.type == "video"
            and "duration" in self.fields
            and not cleaned.get("duration")
            and not self.has_error("file")
        ):
            self.add_error(
                "duration",
                _(
                    "Enter the video's length in seconds: watched time is measured "
                    "against it, and it could not be read from this file."
                ),
            )
        return cleaned
