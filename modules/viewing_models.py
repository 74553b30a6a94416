"""What the server accepted of people watching video modules: the viewing
record behind tracked viewing (docs/decisions/0012-learning-record-integrity.md)."""

from __future__ import annotations

from django.db import models


class VideoWatch(models.Model):
    """What the server accepted of one person watching one module (all sittings)."""

    person = models.ForeignKey(
        "crystal_people.Person", on_delete=models.CASCADE, related_name="video_watches"
    )
    page = models.ForeignKey(
        "crystal_modules.VideoModulePage",
        on_delete=models.CASCADE,
        related_name="watches",
    )
    segments = models.TextField(blank=True, default="")
    fraction = models.FloatField(default=0.0)
    resume_position = models.FloatField(default=0.0)
    completed_at = models.DateTimeField(null=True, blank=True)
    content_version = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "page"], name="crystal_video_watch_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} watched {self.fraction:.0%} of {self.page_id}"

    @property
    def percent(self) -> int:
        return int(self.fraction * 100)


class VideoSession(models.Model):
    """One viewing session (Video Profile session-id): when it began, what it earned."""

    watch = models.ForeignKey(
        VideoWatch, on_delete=models.CASCADE, related_name="sessions"
    )
    session_id = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    credited_seconds = models.FloatField(default=0.0)
    refused_claims = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["watch", "session_id"], name="crystal_video_session_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.watch_id}/{self.session_id}"


class ViewingClock(models.Model):
    """How far a person's viewing credit has run, across every video they watch.

    Credit is earned in real time: each accepted second of video moves the clock
    on by 1 / (fastest playback rate) seconds of wall time, and idle time can be
    saved up only for a short burst (CRYSTAL_VIDEO_CREDIT_BURST_SECONDS). So
    opening a page today buys nothing tomorrow, and watching three videos at
    once is no faster than watching them one after another at top speed.
    """

    person = models.OneToOneField(
        "crystal_people.Person", on_delete=models.CASCADE, related_name="+"
    )
    credited_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.person_id} credited until {self.credited_until}"
