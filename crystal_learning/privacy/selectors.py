"""Everything held about one person (a subject access export)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from wagtail.models import ModelLogEntry

from crystal_learning.people.models import Absence, Person, PersonEvent
from crystal_learning.programmes.models import Assignment, Certificate, ReminderLog
from crystal_learning.scheduling.models import Booking, BookingEvent, CalendarFeed
from crystal_learning.victim_care.models import VictimCareRecord
from crystal_learning.xapi.agents import agent_key, person_agent
from crystal_learning.xapi.models import Progress, Statement
from modules.models import VideoWatch
from modules.packages.models import PackageLaunch
from quizzes.models import AttemptAnswer, QuizAttempt

#: Never exported: secrets that would let someone act as the person.
SECRET_FIELDS = {"password", "token"}


def _fields(instance: models.Model, *, skip: tuple[str, ...] = ()) -> dict:
    """The instance's own column values (foreign keys as ids), secrets left out."""
    row = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name in skip:
            continue
        row[field.attname] = getattr(instance, field.attname)
    return row


def _rows(queryset, **kwargs) -> list[dict]:
    return [_fields(instance, **kwargs) for instance in queryset]


def person_statements(person: Person):
    """Statements about the person: by their person link or their actor."""
    key = agent_key(person_agent(person.staff_number))
    return Statement.objects.filter(
        models.Q(person=person) | models.Q(actor_key=key)
    ).order_by("seq")


def _package_launches(person: Person) -> list[dict]:
    launches = PackageLaunch.objects.filter(person=person).order_by("created_at")
    return _rows(launches, skip=("token_hash",))


def subject_access(*, person: Person) -> dict:
    """Every record held about `person`, as JSON-ready data (dates as objects)."""
    user = person.user
    attempts = QuizAttempt.objects.filter(person=person).order_by("started_at")
    bookings = Booking.objects.filter(person=person).select_related("session")
    return {
        "exported_at": timezone.now(),
        "person": {
            **_fields(person),
            "team": {"code": person.team.code, "name": person.team.name},
            "supervises": [
                {"code": team.code, "name": team.name}
                for team in person.supervises.order_by("path")
            ],
        },
        "account": {
            **_fields(user),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "absences": _rows(Absence.objects.filter(person=person).order_by("starts_on")),
        "record_changes": _rows(
            PersonEvent.objects.filter(person=person).order_by("at")
        ),
        "assignments": [
            {**_fields(a), "programme": a.programme.name}
            for a in Assignment.objects.filter(person=person)
            .select_related("programme")
            .order_by("assigned_on")
        ],
        "certificates": _rows(Certificate.objects.filter(person=person)),
        "reminders_received": _rows(
            ReminderLog.objects.filter(recipient=person).order_by("sent_at")
        ),
        "reminders_sent": _rows(
            ReminderLog.objects.filter(sent_by=person).order_by("sent_at")
        ),
        "bookings": [
            {
                **_fields(b),
                "session": {
                    "title": b.session.title,
                    "date": b.session.date,
                    "start": b.session.start,
                    "venue": b.session.venue,
                },
                "history": _rows(BookingEvent.objects.filter(booking=b).order_by("at")),
            }
            for b in bookings.order_by("session__date")
        ],
        "calendar_feed": _rows(CalendarFeed.objects.filter(person=person)),
        "victim_care_records": _rows(
            VictimCareRecord.objects.filter(person=person).order_by("recorded_on")
        ),
        "progress": _rows(Progress.objects.filter(person=person).order_by("pk")),
        "video_watches": _rows(VideoWatch.objects.filter(person=person)),
        "package_launches": _package_launches(person),
        "quiz_attempts": [
            {
                **_fields(a),
                "answers": _rows(
                    AttemptAnswer.objects.filter(attempt=a).order_by("position"),
                    skip=("question",),
                ),
            }
            for a in attempts
        ],
        "xapi_statements": [
            statement.payload for statement in person_statements(person)
        ],
        "audit_log": _audit_log(person),
    }


def _audit_log(person: Person) -> list[dict]:
    return [
        {
            "timestamp": entry.timestamp,
            "action": entry.action,
            "by": entry.user_id,
            "data": entry.data,
        }
        for entry in ModelLogEntry.objects.filter(
            content_type__app_label="crystal_people",
            content_type__model="person",
            object_id=str(person.pk),
        ).order_by("timestamp")
    ]


def subject_access_json(*, person: Person) -> str:
    """subject_access as the JSON document given to the person."""
    return json.dumps(subject_access(person=person), cls=DjangoJSONEncoder, indent=2)
