"""Quizzes: a page type with its question bank inline, and learners' attempts.

Why a page and not a snippet: see docs/decisions/0007-quizzes-are-pages.md.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from crystal_learning.xapi.activities import (
    ActivityKind,
    ActivityRef,
    activity_iri,
    activity_ref,
    tile_iri,
)
from modules.translations import default_version

from .blocks import QuestionStreamBlock


class QuizPage(RoutablePageMixin, Page):
    """A quiz on a tile: settings, the question bank, and the attempt screens."""

    class Feedback(models.TextChoices):
        AFTER_EACH_ATTEMPT = "after_each", _("After each attempt")
        ONCE_PASSED = "once_passed", _("Only once the learner has passed")

    summary = models.CharField(
        _("summary"),
        max_length=200,
        blank=True,
        help_text=_("One sentence shown on the tile's card for this quiz."),
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("What the quiz checks and how long it takes."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        help_text=_(
            "Drawn at random from the bank for each attempt; 0 means every question."
        ),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for no limit. When time runs out the attempt is submitted."
        ),
    )
    feedback_mode = models.CharField(
        _("feedback"),
        max_length=20,
        choices=Feedback.choices,
        default=Feedback.AFTER_EACH_ATTEMPT,
    )
    content_version = models.PositiveSmallIntegerField(
        _("content version"),
        default=1,
        help_text=_("Raise it when the questions change enough that people retake it."),
    )
    questions = StreamField(
        QuestionStreamBlock(),
        blank=True,
        verbose_name=_("question bank"),
        help_text=_(
            "Single choice, multiple choice, true or false, and victim care log "
            "scenarios. Correct answers are never shown before an attempt is "
            "submitted."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("attempts_allowed"),
                FieldPanel("questions_per_attempt"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("feedback_mode"),
            ],
            heading=_("Settings"),
        ),
        FieldPanel("questions"),
        FieldPanel("content_version"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["crystal_modules.TilePage"]
    subpage_types: list[str] = []
    template = "crystal_quizzes/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    @property
    def activity_id(self) -> str:
        return activity_iri(ActivityKind.QUIZ, self.translation_key)

    def activity_ref(self) -> ActivityRef:
        """The quiz as statements name it: under its tile, at its content version."""
        return activity_ref(
            ActivityKind.QUIZ,
            self.translation_key,
            name=default_version(self).title,  # the name map is en-GB
            parents=(tile_iri(self.get_parent()),),
            version=self.content_version,
        )

    def question_ref(self, *, question_id: str, position: int) -> ActivityRef:
        """A question of this quiz as an answer statement names it."""
        return activity_ref(
            ActivityKind.QUESTION,
            question_id,
            name=f"{self.title}: question {position}",
            parents=(self.activity_id,),
            version=self.content_version,
        )

    @property
    def bank_size(self) -> int:
        return len(self.questions)

    @property
    def drawn(self) -> int:
        size = self.bank_size
        return min(self.questions_per_attempt or size, size)

    # The learner's screens; the views themselves are in views.py.
    @path("")
    def quiz_home(self, request):
        from . import views

        return views.quiz_home(request, self)

    @path("start/")
    def quiz_start(self, request):
        from . import views

        return views.quiz_start(request, self)

    @path("attempt/<uuid:registration>/<int:position>/")
    def quiz_question(self, request, registration, position):
        from . import views

        return views.quiz_question(request, self, registration, position)

    @path("attempt/<uuid:registration>/summary/")
    def quiz_summary(self, request, registration):
        from . import views

        return views.quiz_summary(request, self, registration)

    @path("attempt/<uuid:registration>/submit/")
    def quiz_submit(self, request, registration):
        from . import views

        return views.quiz_submit(request, self, registration)

    @path("attempt/<uuid:registration>/")
    def quiz_result(self, request, registration):
        from . import views

        return views.quiz_result(request, self, registration)

    def serve_preview(self, request, mode_name):
        from . import views

        return views.quiz_preview(request, self)


class QuizAttempt(models.Model):
    """One sitting of a quiz: its questions fixed at the start, marked on submit."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        PENDING_REVIEW = "pending_review", _("Waiting for a supervisor's review")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")

    registration = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "crystal_people.Person", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        QuizPage, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    content_version = models.PositiveSmallIntegerField(default=1)
    pass_mark = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    raw_score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(default=0)

    class Meta:
        ordering = ["quiz", "person", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "quiz", "number"], name="crystal_attempt_number"
            ),
            # At most one open attempt per person and quiz (a double "Start").
            models.UniqueConstraint(
                fields=["person", "quiz"],
                condition=models.Q(status="in_progress"),
                name="crystal_attempt_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of {self.quiz_id} by {self.person_id}"

    @property
    def scaled(self) -> float | None:
        if self.raw_score is None or not self.max_score:
            return None
        return round(self.raw_score / self.max_score, 4)

    @property
    def percent(self) -> int | None:
        scaled = self.scaled
        return None if scaled is None else round(scaled * 100)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class AttemptAnswer(models.Model):
    """One question of an attempt: the snapshot, the response, the mark."""

    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveSmallIntegerField()
    question_id = models.CharField(max_length=64)
    question = models.JSONField()
    response = models.JSONField(default=dict, blank=True)
    shown_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    correct = models.BooleanField(null=True, blank=True)
    reviews = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="crystal_answer_position"
            ),
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="crystal_answer_question"
            ),
        ]
        indexes = [models.Index(fields=["question_id"])]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.position}"

    @property
    def answered(self) -> bool:
        return bool(self.response)
