"""Training sessions and bookings, with an append-only booking history."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from crystal_learning.fields import CodeListField
from crystal_learning.people.choosers import person_chooser_viewset
from crystal_learning.people.duty import DutyCode
from crystal_learning.people.models import Person, Team
from crystal_learning.xapi.activities import (
    ActivityKind,
    ActivityRef,
    activity_iri,
)

from . import querysets
from .policy_models import AbstractionPolicy, ShiftMinimum  # noqa: F401 (models)
from .querysets import BookingQuerySet, SessionQuerySet


class TrainingSession(models.Model):
    """A supervisor briefing or a protected e-learning slot."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Supervisor briefing")
        ELEARNING = "elearning", _("Protected e-learning slot")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=120)
    requirement = models.ForeignKey(
        "crystal_programmes.Requirement",
        verbose_name=_("programme requirement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        help_text=_(
            "A briefing: attending it meets this briefing requirement. A protected "
            "e-learning slot: time set aside to complete this module, quiz or "
            "package (doing it meets the requirement, not attending)."
        ),
    )
    duty_code = models.CharField(
        _("within shift"),
        max_length=1,
        blank=True,
        choices=[
            (DutyCode.EARLY, DutyCode.EARLY.label),
            (DutyCode.LATE, DutyCode.LATE.label),
            (DutyCode.DAY, DutyCode.DAY.label),
        ],
        help_text=_(
            "Empty: anyone on a training shift. Set: only people on this shift "
            "that day (the slot takes them off that shift only). Never nights."
        ),
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    trainer = models.ForeignKey(
        Person,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions_trained",
    )
    audience_team = models.ForeignKey(
        Team,
        verbose_name=_("for this team (and its sub-teams)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: anyone."),
    )
    audience_ranks = CodeListField(
        _("for these ranks"),
        code_choices=Person.Rank.choices,
        help_text=_("Empty: any rank."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("requirement"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("duty_code"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("venue"),
                FieldPanel("capacity"),
                # A searchable chooser, not a drop-down of the whole force.
                FieldPanel("trainer", widget=person_chooser_viewset.widget_class),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [FieldPanel("audience_team"), FieldPanel("audience_ranks")],
            heading=_("Audience"),
        ),
        FieldPanel("cancelled"),
    ]

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["date", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="crystal_session_ends_after_start",
                violation_error_message=_("The session ends before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="crystal_session_capacity",
                violation_error_message=_("Capacity must be at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.date.day} {self.date:%b %Y} {self.start:%H:%M}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The session ends before it starts.")})
        if self.requirement_id:
            briefing = self.requirement.kind == "briefing"
            if self.kind == self.Kind.ELEARNING and briefing:
                raise ValidationError(
                    {
                        "requirement": _(
                            "Only a briefing delivers a briefing requirement."
                        )
                    }
                )
            if self.kind == self.Kind.BRIEFING and not briefing:
                raise ValidationError(
                    {
                        "requirement": _(
                            "A briefing delivers a briefing requirement; for a "
                            "module, quiz or package make a protected e-learning "
                            "slot."
                        )
                    }
                )

    @property
    def starts_at(self) -> datetime:
        """When the session starts, in the site's time zone."""
        return timezone.make_aware(datetime.combine(self.date, self.start))

    def has_started(self, now: datetime | None = None) -> bool:
        """Attendance can be marked once the session has started."""
        return self.starts_at <= (now or timezone.now())

    @property
    def activity_id(self) -> str:
        """What attending records progress on: the briefing requirement it
        delivers, or the session itself (a protected e-learning slot: the
        module is met by doing it, not by attending)."""
        if self.requirement_id and self.kind == self.Kind.BRIEFING:
            return self.requirement.activity_id
        return activity_iri(ActivityKind.SESSION, self.uuid)

    def activity_ref(self) -> ActivityRef:
        return ActivityRef(
            id=self.activity_id,
            name=self.title,
            type=ActivityKind.SESSION.activity_type,
            description=f"{self.date:%d %B %Y} {self.start:%H:%M}, {self.venue}",
        )

    def admits(self, person: Person) -> bool:
        if self.audience_ranks and person.rank not in self.audience_ranks:
            return False
        return not (
            self.audience_team_id
            and not person.team.path.startswith(self.audience_team.path)
        )


class Booking(models.Model):
    """A person's place on a session; its status changes are kept in events."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Did not attend")
        ATTENDED = "attended", _("Attended")

    #: Statuses that hold a place on the session.
    HOLDS_PLACE = querysets.HOLDS_PLACE
    #: Statuses after which the booking no longer changes.
    FINAL = (Status.CANCELLED, Status.ATTENDED, Status.NO_SHOW)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="bookings"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="bookings"
    )
    status = models.CharField(max_length=12, choices=Status)
    created_at = models.DateTimeField()

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~models.Q(status="cancelled"),
                name="crystal_booking_one_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.session}: {self.status}"


class BookingEvent(models.Model):
    """One status change of a booking: who, when, why. Append-only."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(max_length=12, choices=Booking.Status)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.status} at {self.at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A person's private calendar address: their booked sessions as ICS.

    The token is the only credential (calendar apps cannot sign in), so it is
    long, random, shown only to its owner, and revocable: revoking issues a new
    address and the old one stops working.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar of {self.person_id}"


class DraftPlan(models.Model):
    """A plan for one requirement (a briefing's sessions, or protected time for
    a module, quiz or package): a draft until a training manager publishes it
    (which books everyone in it)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    requirement = models.ForeignKey(
        "crystal_programmes.Requirement",
        on_delete=models.CASCADE,
        related_name="plans",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    #: assignments [[person pk, session pk]], unassigned [person pk], moved
    #: [booking pk], finish, bound, ratio, seconds, heat map, rest days.
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Plan {self.pk} for {self.requirement} ({self.status})"
