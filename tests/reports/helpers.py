"""Helpers for report tests: learning progress to report on."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Assignment
from crystal_learning.scheduling.services import booking_create
from crystal_learning.xapi import statements as build
from crystal_learning.xapi.pipeline import statements_record
from modules.models import VideoModulePage
from tests.programmes.helpers import complete_everything
from tests.scheduling.factories import briefing


def progressed(p: Person, module: VideoModulePage, share: float) -> None:
    """The person paused the module's video `share` of the way through."""
    statements_record(
        statements=[
            build.video_paused(
                staff_number=p.staff_number,
                video=module.activity_ref(),
                session_id="00000000-0000-4000-8000-000000000001",
                time=share * 60,
                progress=share,
                played_segments=f"0[.]{share * 60:g}",
                length=60,
            )
        ]
    )


def progress_make() -> list[Person]:
    """Across the demo's teams: some complete, some part way, supervisors booked,
    some overdue. Returns the assigned constables, oldest first."""
    first = VideoModulePage.objects.order_by("path").first()
    officers = list(
        Person.objects.filter(assignments__isnull=False, rank="PC")
        .distinct()
        .order_by("pk")
    )
    for p in officers[:9]:
        complete_everything(p)
    for p in officers[9:15]:
        progressed(p, first, 0.4)
    session = briefing(capacity=10)
    for sergeant in Person.objects.filter(rank="PS", assignments__isnull=False)[:4]:
        booking_create(session=session, person=sergeant)
    Assignment.objects.filter(person__in=officers[12:20]).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    return officers


def download_text(response) -> str:
    """A download's body as text, whether it was streamed or sent whole."""
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return content.decode("utf-8")
