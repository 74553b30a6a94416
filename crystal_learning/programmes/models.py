"""Programmes: who must complete what by when; assignments and completions."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from crystal_learning.fields import CodeListField
from crystal_learning.people.models import Person, Team
from crystal_learning.xapi.activities import (
    ActivityKind,
    ActivityRef,
    activity_iri,
    activity_ref,
)

from .querysets import AssignmentQuerySet, current_q


class Programme(ClusterableModel):
    """A programme of training, e.g. "Op Crystal core"."""

    class DueMode(models.TextChoices):
        FIXED = "fixed", _("By a fixed date")
        RELATIVE = "relative", _("Within a number of weeks of joining the audience")

    name = models.CharField(_("name"), max_length=120, unique=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(
        _("start date"), help_text=_("Nobody is due before this date.")
    )
    due_mode = models.CharField(
        _("due"), max_length=10, choices=DueMode, default=DueMode.RELATIVE
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_within_weeks = models.PositiveSmallIntegerField(
        _("due within (weeks)"),
        null=True,
        blank=True,
        help_text=_("For example 8: due 8 weeks after joining the audience."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive programmes assign nobody and send no reminders."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("due_mode"),
                FieldRowPanel([FieldPanel("due_date"), FieldPanel("due_within_weeks")]),
                FieldPanel("active"),
            ],
            heading=_("Dates"),
        ),
        InlinePanel(
            "requirements",
            heading=_("Requirements"),
            label=_("Requirement"),
            min_num=1,
        ),
        InlinePanel(
            "audience_rules",
            heading=_("Audience"),
            label=_("Audience rule"),
            help_text=_(
                "Who must complete it. A person is in the audience if any rule "
                "matches; within a rule every condition set must match."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True)
                | models.Q(due_date__gte=models.F("start_date")),
                name="crystal_programme_due_after_start",
                violation_error_message=_("The due date is before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.due_mode == self.DueMode.FIXED and not self.due_date:
            raise ValidationError({"due_date": _("Give the date everyone is due by.")})
        if self.due_mode == self.DueMode.RELATIVE and not self.due_within_weeks:
            raise ValidationError(
                {"due_within_weeks": _("Give the number of weeks people have.")}
            )
        if self.due_date and self.start_date and self.due_date < self.start_date:
            raise ValidationError(
                {"due_date": _("The due date is before the start date.")}
            )

    def due_for(self, joined: date) -> date:
        """When someone who joined the audience on `joined` is due."""
        if self.due_mode == self.DueMode.FIXED and self.due_date:
            return self.due_date
        start = max(joined, self.start_date)
        return start + timedelta(weeks=self.due_within_weeks or 0)

    @property
    def activity_id(self) -> str:
        return activity_iri(ActivityKind.PROGRAMME, self.uuid)

    def activity_ref(self, *, version: str = "") -> ActivityRef:
        return activity_ref(
            ActivityKind.PROGRAMME, self.uuid, name=self.name, version=version
        )


class Requirement(Orderable):
    """One thing a programme asks for: a video module, a package module, a quiz,
    or a briefing."""

    class Kind(models.TextChoices):
        MODULE = "module", _("Video module")
        PACKAGE = "package", _("Package module (complete it)")
        QUIZ = "quiz", _("Quiz (pass it)")
        BRIEFING = "briefing", _("In-person briefing (attend it)")

    programme = ParentalKey(
        Programme, on_delete=models.CASCADE, related_name="requirements"
    )
    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    module = models.ForeignKey(
        "crystal_modules.VideoModulePage",
        verbose_name=_("video module"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    package = models.ForeignKey(
        "crystal_modules.PackageModulePage",
        verbose_name=_("package module"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quiz = models.ForeignKey(
        "crystal_quizzes.QuizPage",
        verbose_name=_("quiz"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(
        _("title"),
        max_length=120,
        blank=True,
        help_text=_("For a briefing, e.g. 'Op Crystal supervisor briefing'."),
    )
    ranks = CodeListField(
        _("only for these ranks"),
        code_choices=Person.Rank.choices,
        help_text=_("Leave all unticked for everyone in the programme's audience."),
    )
    retraining_version = models.PositiveSmallIntegerField(
        _("retraining required from version"),
        null=True,
        blank=True,
        help_text=_(
            "Set by 'Require retraining': completions of an earlier content "
            "version no longer count."
        ),
    )
    retraining_since = models.DateField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("kind"),
        FieldPanel("module"),
        FieldPanel("package"),
        FieldPanel("quiz"),
        FieldPanel("title"),
        FieldPanel("ranks"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("requirement")

    def __str__(self) -> str:
        return self.label

    def clean(self):
        super().clean()
        needs = {
            self.Kind.MODULE: ("module", _("Choose the video module.")),
            self.Kind.PACKAGE: ("package", _("Choose the package module.")),
            self.Kind.QUIZ: ("quiz", _("Choose the quiz.")),
            self.Kind.BRIEFING: ("title", _("Name the briefing.")),
        }
        field, message = needs.get(self.kind, (None, None))
        if field and not getattr(self, field if field == "title" else f"{field}_id"):
            raise ValidationError({field: message})

    @property
    def label(self) -> str:
        if self.kind == self.Kind.MODULE and self.module_id:
            return self.module.title
        if self.kind == self.Kind.PACKAGE and self.package_id:
            return self.package.title
        if self.kind == self.Kind.QUIZ and self.quiz_id:
            return self.quiz.title
        return self.title or self.get_kind_display()

    @property
    def activity_id(self) -> str:
        if self.kind == self.Kind.MODULE and self.module_id:
            return self.module.activity_id
        if self.kind == self.Kind.PACKAGE and self.package_id:
            return self.package.activity_id
        if self.kind == self.Kind.QUIZ and self.quiz_id:
            return self.quiz.activity_id
        return activity_iri(ActivityKind.BRIEFING, self.uuid)

    @property
    def current_version(self) -> int | None:
        page = {
            self.Kind.MODULE: self.module,
            self.Kind.PACKAGE: self.package,
            self.Kind.QUIZ: self.quiz,
        }.get(self.kind)
        return page.content_version if page is not None else None

    def applies_to(self, person: Person) -> bool:
        return not self.ranks or person.rank in self.ranks


class AudienceRule(Orderable):
    """Who a programme is for: a team (with its sub-teams), team kinds, ranks."""

    programme = ParentalKey(
        Programme, on_delete=models.CASCADE, related_name="audience_rules"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team (and its sub-teams)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the whole force."),
    )
    team_kinds = CodeListField(
        _("team kinds"), code_choices=Team.Kind.choices, help_text=_("Empty: any.")
    )
    ranks = CodeListField(
        _("ranks"), code_choices=Person.Rank.choices, help_text=_("Empty: any.")
    )

    panels = [FieldPanel("team"), FieldPanel("team_kinds"), FieldPanel("ranks")]

    class Meta(Orderable.Meta):
        verbose_name = _("audience rule")

    def __str__(self) -> str:
        return f"{self.team or 'Force'} {self.team_kinds} {self.ranks}"


class Assignment(models.Model):
    """A person in a programme's audience, from `assigned_on` until `ended_on`."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="assignments"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_on = models.DateField()
    due_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=current_q(),
                name="crystal_assignment_one_current",
            )
        ]
        indexes = [models.Index(fields=["programme", "ended_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.programme_id}"

    @property
    def current(self) -> bool:
        return self.ended_on is None

    def days_overdue(self, today: date | None = None) -> int:
        """Days past the due date while overdue (0 if not: see querysets)."""
        from django.utils import timezone

        from .querysets import days_overdue

        return days_overdue(self, today or timezone.localdate())


class Nomination(models.Model):
    """A person named into a programme's audience by a rule (a targeted
    refresher), with why. Assignments follow it like any audience rule; one per
    programme and person, so a rule that runs again changes nothing."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="nominations"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="nominations"
    )
    reason = models.TextField(_("why"))
    source = models.CharField(
        _("named by"), max_length=60, help_text=_("The rule that named the person.")
    )
    nominated_at = models.DateTimeField()

    class Meta:
        ordering = ["-nominated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"], name="crystal_nomination_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} named into {self.programme_id}"


class AssignmentEvent(models.Model):
    """The history of assignments: assigned, unassigned, due date changed,
    completed, retraining required. Append-only."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        UNASSIGNED = "unassigned", _("Unassigned")
        DUE_CHANGED = "due_changed", _("Due date changed")
        COMPLETED = "completed", _("Completed")
        RETRAINING = "retraining", _("Retraining required")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.kind}"


class Certificate(models.Model):
    """Proof that a person completed a programme, with the content versions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="certificates"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="certificates"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="certificates"
    )
    completed_at = models.DateTimeField()
    versions = models.JSONField(default=list)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_at"]

    def __str__(self) -> str:
        return f"{self.programme} – {self.person}"


class ReminderLog(models.Model):
    """A reminder that was sent: never the same one twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        OVERDUE_COPY = "overdue_copy", _("Overdue (copy to supervisor)")
        DIGEST = "digest", _("Weekly digest")
        RETRAINING = "retraining", _("Retraining required")
        MANUAL = "manual", _("Sent by a supervisor")
        NOMINATED = "nominated", _("Assigned by a rule, with why")
        NOMINATED_COPY = "nominated_copy", _("Assigned by a rule (copy to supervisor)")

    kind = models.CharField(max_length=20, choices=Kind)
    sent_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders_sent",
        help_text=_("Who sent it, for reminders sent by hand."),
    )
    recipient = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="reminders_received"
    )
    assignment = models.ForeignKey(
        Assignment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            # The key names the assignment and period ("<assignment>:<due date>",
            # or the ISO week for a digest), so no NULL takes part in it.
            models.UniqueConstraint(
                fields=["kind", "recipient", "key"], name="crystal_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id} ({self.key})"
