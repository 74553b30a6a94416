"""The learning record: an append-only statement store, its progress projection,
the API's client credentials and the forwarding outbox."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from crystal_learning import conf

from .activities import ActivityKind
from .attachments.models import StatementAttachment, XapiAttachment
from .documents.models import XapiDocument
from .forwarding.models import Delivery, LRSEndpoint
from .lockout_models import CredentialLockout


class StatementQuerySet(models.QuerySet):
    def recorded_by_platform(self) -> StatementQuerySet:
        """Statements the platform itself recorded (its authority), the ORM form
        of `agents.is_platform_statement`."""
        from .agents import PLATFORM, homepage

        return self.filter(
            payload__authority__account__name=PLATFORM,
            payload__authority__account__homePage=f"{homepage()}/lrs-clients",
        )


class Statement(models.Model):
    """One stored xAPI statement. Never updated except to mark it voided."""

    seq = models.BigAutoField(primary_key=True)
    statement_id = models.UUIDField(_("statement id"), unique=True)
    # Indexed by the (actor_key, activity_id, seq) index below, whose prefix it is.
    actor_key = models.CharField(max_length=600)
    person = models.ForeignKey(
        "crystal_people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    verb_id = models.CharField(max_length=500)
    object_type = models.CharField(max_length=20)
    activity_id = models.CharField(max_length=1000, blank=True, default="")
    object_agent_key = models.CharField(max_length=600, blank=True, default="")
    object_statement_id = models.UUIDField(null=True, blank=True)
    registration = models.UUIDField(null=True, blank=True)
    timestamp = models.DateTimeField()
    stored = models.DateTimeField(db_index=True)
    voided = models.BooleanField(default=False)
    client = models.ForeignKey(
        "LRSCredential",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payload = models.JSONField()

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(
                fields=["actor_key", "activity_id", "seq"],
                name="crystal_stmt_actor_act",
            ),
            models.Index(fields=["activity_id", "seq"], name="crystal_stmt_activity"),
            models.Index(fields=["verb_id", "seq"], name="crystal_stmt_verb"),
            # Only statements with a registration (most have none): the filter
            # names one, and the rest need no entry to maintain.
            models.Index(
                fields=["registration", "seq"],
                name="crystal_stmt_registration",
                condition=models.Q(registration__isnull=False),
            ),
            models.Index(
                fields=["object_agent_key", "seq"], name="crystal_stmt_obj_agent"
            ),
            # The StatementRef filter rule: statements that refer to a match.
            models.Index(
                fields=["object_statement_id"],
                name="crystal_stmt_ref",
                condition=models.Q(object_statement_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.statement_id} {self.verb_id.rsplit('/', 1)[-1]} {self.activity_id}"
        )


class StatementActivity(models.Model):
    """Every activity a statement mentions (object, context, sub-statement)."""

    # Keyed by seq, not the statement's UUID: new rows append to the indexes
    # instead of touching a random page each (the difference at a million rows).
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    activity_id = models.CharField(max_length=1000)

    class Meta:
        indexes = [
            models.Index(
                fields=["activity_id", "statement"], name="crystal_stmt_rel_act"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} mentions {self.activity_id}"


class StatementAgent(models.Model):
    """Every agent a statement mentions (actor, object, authority, team, ...)."""

    # Keyed by seq, not the statement's UUID: new rows append to the indexes
    # instead of touching a random page each (the difference at a million rows).
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    agent_key = models.CharField(max_length=600)

    class Meta:
        indexes = [
            models.Index(
                fields=["agent_key", "statement"], name="crystal_stmt_rel_agent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} mentions {self.agent_key}"


#: A stored content version `projection.version_number` reads as a number:
#: ASCII digits (at most 9), ASCII white space around them allowed.
VERSION_PATTERN = r"^[ \t\n\r\f\v]*[0-9]{1,9}[ \t\n\r\f\v]*$"


def stored_version() -> models.Case:
    """`projection.version_number` of `content_version`, read in the database
    (0 for anything else; CASE so nothing else is ever cast)."""
    return models.Case(
        models.When(
            content_version__regex=VERSION_PATTERN,
            then=Cast("content_version", models.IntegerField()),
        ),
        default=models.Value(0),
        output_field=models.IntegerField(),
    )


def done_q(kind: ActivityKind) -> models.Q:
    """Records that count as having done an activity of this kind."""
    return models.Q(status__in=Progress.done_statuses(kind))


def version_at_least_q(version: int) -> GreaterThanOrEqual:
    """Recorded on content version `version` or a later one (a condition for
    `filter`, `When` or `Q`)."""
    return GreaterThanOrEqual(stored_version(), version)


class ProgressQuerySet(models.QuerySet):
    def done(self, kind: ActivityKind) -> ProgressQuerySet:
        """Records that count as having done an activity of this kind."""
        return self.filter(done_q(kind))

    def version_at_least(self, version: int) -> ProgressQuerySet:
        """Recorded on content version `version` or a later one."""
        return self.filter(version_at_least_q(version))


class Progress(models.Model):
    """Projection: where one person stands with one activity. Rebuilt from the store."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    person = models.ForeignKey(
        "crystal_people.Person", on_delete=models.CASCADE, related_name="progress"
    )
    activity_id = models.CharField(max_length=1000)
    activity_type = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    progress = models.FloatField(default=0.0)
    best_score = models.FloatField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    content_version = models.CharField(max_length=40, blank=True, default="")

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress")
        verbose_name_plural = _("progress")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "activity_id"], name="crystal_progress_unique"
            )
        ]
        indexes = [
            models.Index(fields=["activity_id", "status"], name="crystal_progress_act")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.activity_id}: {self.status}"

    @classmethod
    def done_statuses(cls, kind: ActivityKind) -> frozenset[str]:
        """What "done" means for an activity: a quiz is done when passed; a
        module or a briefing when completed (or passed, for a package)."""
        if ActivityKind(kind) == ActivityKind.QUIZ:
            return frozenset({cls.Status.PASSED})
        return frozenset({cls.Status.COMPLETED, cls.Status.PASSED})


class LRSCredential(models.Model):
    """HTTP Basic credentials for a client of the Statements API."""

    class Scope(models.TextChoices):
        ALL = "all", _("All")
        READ = "statements/read", _("Read statements")
        WRITE = "statements/write", _("Write statements")
        STATE = "state", _("State documents")
        PROFILE = "profile", _("Activity and agent profiles")
        #: Not part of ALL: voiding the platform's own milestones is asked for by name.
        VOID_PLATFORM = "statements/void-platform", _("Void platform statements")

    name = models.CharField(_("name"), max_length=100, unique=True)
    key = models.CharField(
        _("key (Basic auth user name)"),
        max_length=100,
        unique=True,
        help_text=_("The user name the client sends with HTTP Basic authentication."),
    )
    secret_hash = models.CharField(max_length=200, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("LRS client credential")
        verbose_name_plural = _("LRS client credentials")

    def __str__(self) -> str:
        return self.name

    def set_secret(self, secret: str) -> None:
        self.secret_hash = make_password(secret)

    def check_secret(self, secret: str) -> bool:
        return check_password(secret, self.secret_hash)

    def allows(self, scope: str) -> bool:
        return self.Scope.ALL in self.scopes or scope in self.scopes

    @property
    def authority(self) -> dict:
        return {
            "objectType": "Agent",
            "name": self.name,
            "account": {
                "homePage": f"{conf.xapi_homepage().rstrip('/')}/lrs-clients",
                "name": self.key,
            },
        }


__all__ = [
    "CredentialLockout",
    "Delivery",
    "LRSCredential",
    "LRSEndpoint",
    "Progress",
    "Statement",
    "StatementActivity",
    "StatementAgent",
    "StatementAttachment",
    "XapiAttachment",
    "XapiDocument",
]
