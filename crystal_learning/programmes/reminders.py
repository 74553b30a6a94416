"""Reminders: due soon and overdue (to the learner, overdue copied to their
supervisors), and a weekly digest for supervisors.

Each reminder is logged before it is sent, under a unique key (kind, recipient,
assignment, period), in the same transaction as the send: a reminder already
logged is never sent again, and a send that fails rolls its log row back so the
next run tries again. Run by the django-q2 schedule (hourly; nothing goes out
before CRYSTAL_REMINDER_HOUR).

Reminders follow the roster: a scheduled reminder or digest goes to a person
only on a day they are at work on an early, late or day shift (never on a rest
day, leave or nights; `people_on_duty`), unless they chose to have reminders
any day (`Person.reminders_off_duty`). One held back is sent on their next
working day: nothing is logged until it goes.

Each e-mail is written in its recipient's language (`Person.language`,
docs/welsh.md), subject included, whoever or whatever sends it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from crystal_learning import conf
from crystal_learning.people.language import in_person_language
from crystal_learning.people.models import Person
from crystal_learning.people.selectors import line_above, people_on_duty

from .models import Assignment, ReminderLog
from .querysets import is_overdue


@dataclass
class Sent:
    due_soon: int = 0
    overdue: int = 0
    copies: int = 0
    digests: int = 0
    skipped_no_email: list[str] = field(default_factory=list)
    #: Staff numbers held back because they are off duty today.
    held_off_duty: list[str] = field(default_factory=list)


def _at_work(people: list[Person], today: date):
    """A test: may a scheduled reminder go to this person today?"""
    on_duty = people_on_duty(people=people, on=today)

    def at_work(person: Person, sent: Sent) -> bool:
        if person.reminders_off_duty or person.pk in on_duty:
            return True
        if person.staff_number not in sent.held_off_duty:
            sent.held_off_duty.append(person.staff_number)
        return False

    return at_work


def _address(person: Person) -> str:
    return person.email or person.user.email


def _send(
    *,
    kind: str,
    recipient: Person,
    key: str,
    template: str,
    subject: str,
    subject_params: dict,
    context: dict,
    assignment: Assignment | None = None,
    sent_by: Person | None = None,
) -> bool:
    """Log and send one reminder, once. False if it was sent before.

    `subject` (lazy) is translated, and `subject_params` put in it, in the
    recipient's language; a date among them reads like "5 December"."""
    address = _address(recipient)
    if not address:
        return False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                kind=kind,
                recipient=recipient,
                assignment=assignment,
                key=key,
                sent_at=timezone.now(),
                sent_by=sent_by,
            )
            context = {
                **context,
                "recipient": recipient,
                "site_url": conf.site_url().rstrip("/"),
            }
            with in_person_language(recipient):
                message = EmailMultiAlternatives(
                    subject=_subject(subject, subject_params),
                    body=render_to_string(
                        f"crystal_programmes/email/{template}.txt", context
                    ),
                    to=[address],
                )
                message.attach_alternative(
                    render_to_string(
                        f"crystal_programmes/email/{template}.html", context
                    ),
                    "text/html",
                )
            message.send()
    except IntegrityError:
        return False
    return True


def _subject(subject, params: dict) -> str:
    """In the language active now (the recipient's, inside `_send`)."""
    return str(subject) % {
        name: date_format(value, "j F") if isinstance(value, date) else value
        for name, value in params.items()
    }


def _supervisors_of(people: list[Person]) -> dict[int, list[Person]]:
    """Supervisors of each person's team or any team above it (one query)."""
    teams = {p.team_id for p in people}
    paths = {p.team_id: p.team.path for p in people}
    supervisors = defaultdict(list)
    candidates = (
        Person.objects.filter(active=True, supervises__isnull=False)
        .prefetch_related("supervises")
        .select_related("user", "team__shift_pattern", "shift_pattern")
    )
    for supervisor in candidates.distinct():
        for team in supervisor.supervises.all():
            for team_id in teams:
                if paths[team_id].startswith(team.path):
                    supervisors[team_id].append(supervisor)
    return supervisors


def _remindable():
    """Outstanding assignments of active people in active programmes: a paused
    programme sends no reminders (and is not overdue: see querysets)."""
    return Assignment.objects.outstanding().filter(
        programme__active=True, person__active=True
    )


def reminders_send(*, today: date | None = None) -> Sent:
    """Due-soon and overdue reminders for current, incomplete assignments."""
    today = today or timezone.localdate()
    window = conf.reminder_due_soon_days()
    sent = Sent()
    outstanding = list(
        _remindable()
        .due_by(today + timedelta(days=window))
        .select_related(
            "programme",
            "person__user",
            "person__team__shift_pattern",
            "person__shift_pattern",
        )
    )
    supervisors = _supervisors_of([a.person for a in outstanding])
    at_work = _at_work(
        [a.person for a in outstanding]
        + [s for group in supervisors.values() for s in group],
        today,
    )
    for assignment in outstanding:
        person = assignment.person
        key = f"{assignment.pk}:{assignment.due_on.isoformat()}"
        context = {"assignment": assignment, "programme": assignment.programme}
        if not _address(person):
            sent.skipped_no_email.append(person.staff_number)
        if not at_work(person, sent):
            pass
        elif not is_overdue(assignment, today):
            if _send(
                kind=ReminderLog.Kind.DUE_SOON,
                recipient=person,
                assignment=assignment,
                key=key,
                template="due_soon",
                subject=_("Training due by %(date)s: %(programme)s"),
                subject_params={
                    "date": assignment.due_on,
                    "programme": assignment.programme,
                },
                context=context,
            ):
                sent.due_soon += 1
            continue
        elif _send(
            kind=ReminderLog.Kind.OVERDUE,
            recipient=person,
            assignment=assignment,
            key=key,
            template="overdue",
            subject=_("Overdue: %(programme)s"),
            subject_params={"programme": assignment.programme},
            context=context,
        ):
            sent.overdue += 1
        if not is_overdue(assignment, today):
            continue
        for supervisor in supervisors.get(person.team_id, []):
            if supervisor.pk == person.pk or not at_work(supervisor, sent):
                continue
            if _send(
                kind=ReminderLog.Kind.OVERDUE_COPY,
                recipient=supervisor,
                assignment=assignment,
                key=key,
                template="overdue_copy",
                subject=_("Overdue in your team: %(name)s, %(programme)s"),
                subject_params={
                    "name": person.display_name,
                    "programme": assignment.programme,
                },
                context={**context, "learner": person},
            ):
                sent.copies += 1
    return sent


def digests_send(*, today: date | None = None) -> Sent:
    """One digest a week to each supervisor: their people overdue or due soon."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    key = f"{year}-W{week:02d}"
    sent = Sent()
    horizon = today + timedelta(days=14)
    outstanding = list(
        _remindable()
        .due_by(horizon)
        .select_related("programme", "person__team")
        .order_by("due_on", "person__display_name")
    )
    by_supervisor: dict[int, tuple[Person, list[Assignment]]] = {}
    supervisors = _supervisors_of([a.person for a in outstanding])
    for assignment in outstanding:
        for supervisor in supervisors.get(assignment.person.team_id, []):
            if supervisor.pk == assignment.person_id:
                continue
            by_supervisor.setdefault(supervisor.pk, (supervisor, []))[1].append(
                assignment
            )
    at_work = _at_work([s for s, _a in by_supervisor.values()], today)
    for supervisor, assignments in by_supervisor.values():
        if not at_work(supervisor, sent):
            continue
        overdue = [a for a in assignments if is_overdue(a, today)]
        soon = [a for a in assignments if not is_overdue(a, today)]
        if _send(
            kind=ReminderLog.Kind.DIGEST,
            recipient=supervisor,
            key=key,
            template="digest",
            subject=_("Your team's Op Crystal training: week %(week)s"),
            subject_params={"week": week},
            context={"overdue": overdue, "soon": soon, "today": today},
        ):
            sent.digests += 1
    return sent


def retraining_notify(*, assignment: Assignment, requirement, version: int) -> bool:
    """Tell a person that an updated module or quiz must be done again."""
    return _send(
        kind=ReminderLog.Kind.RETRAINING,
        recipient=assignment.person,
        assignment=assignment,
        key=f"{requirement.pk}:v{version}",
        template="retraining",
        subject=_("Updated training to retake: %(title)s"),
        subject_params={"title": requirement.label},
        context={
            "assignment": assignment,
            "programme": assignment.programme,
            "requirement": requirement,
            "version": version,
        },
    )


def nomination_notify(*, nomination) -> int:
    """Tell a person named into a programme by a rule (a targeted refresher), and
    the supervisors of their team, why; once per nomination. How many were sent."""
    person = nomination.person
    assignment = (
        Assignment.objects.current()
        .filter(programme=nomination.programme, person=person)
        .first()
    )
    context = {
        "nomination": nomination,
        "programme": nomination.programme,
        "assignment": assignment,
        "learner": person,
    }
    key = f"nomination:{nomination.pk}"
    sent = int(
        _send(
            kind=ReminderLog.Kind.NOMINATED,
            recipient=person,
            assignment=assignment,
            key=key,
            template="nominated",
            subject=_("Training assigned to you: %(programme)s"),
            subject_params={"programme": nomination.programme},
            context=context,
        )
    )
    for supervisor in _supervisors_of([person]).get(person.team_id, []):
        if supervisor.pk == person.pk:
            continue
        sent += _send(
            kind=ReminderLog.Kind.NOMINATED_COPY,
            recipient=supervisor,
            assignment=assignment,
            key=key,
            template="nominated_copy",
            subject=_("Training assigned in your team: %(name)s, %(programme)s"),
            subject_params={
                "name": person.display_name,
                "programme": nomination.programme,
            },
            context=context,
        )
    return sent


class ReminderRefused(Exception):
    """A reminder sent by hand that may not go (shown to the sender)."""


class ReminderForbidden(ReminderRefused):
    """A reminder the sender may never send: to themselves, or up the line."""


def manual_reminder_send(*, assignment: Assignment, sender: Person) -> None:
    """A supervisor reminds one member of their team, at most once a day per
    programme, and at most CRYSTAL_MANUAL_REMINDERS_PER_HOUR an hour."""
    now = timezone.now()
    person = assignment.person
    if person.pk == sender.pk:
        raise ReminderForbidden(
            _(
                "You cannot send yourself a reminder: your own training is on "
                "My training."
            )
        )
    if person.pk in line_above(person=sender):
        raise ReminderForbidden(
            _(
                "%(name)s supervises your team or a team above it: reminders go "
                "only to the people you supervise."
            )
            % _named(person)
        )
    if assignment.completed_at is not None:
        raise ReminderRefused(_("%(name)s has completed it.") % _named(person))
    if not _address(person):
        raise ReminderRefused(_("%(name)s has no e-mail address.") % _named(person))
    key = _today_key(assignment)
    if ReminderLog.objects.filter(
        kind=ReminderLog.Kind.MANUAL, recipient=person, key=key
    ).exists():
        raise ReminderRefused(already_reminded(assignment))
    recent = ReminderLog.objects.filter(
        kind=ReminderLog.Kind.MANUAL, sent_by=sender, sent_at__gte=now - ONE_HOUR
    ).count()
    if recent >= conf.manual_reminders_per_hour():
        raise ReminderRefused(
            _("You have sent %(count)s reminders in the last hour; try again later.")
            % {"count": recent}
        )
    if not _send(
        kind=ReminderLog.Kind.MANUAL,
        recipient=person,
        assignment=assignment,
        key=key,
        template="manual",
        subject=_("A reminder from %(sender)s: %(programme)s"),
        subject_params={
            "sender": sender.display_name,
            "programme": assignment.programme,
        },
        context={
            "assignment": assignment,
            "programme": assignment.programme,
            "sender": sender,
            "overdue": is_overdue(assignment, timezone.localdate(now)),
        },
        sent_by=sender,
    ):
        raise ReminderRefused(already_reminded(assignment))


def already_reminded(assignment: Assignment) -> str:
    """Why a second reminder today is refused: who sent today's, and when."""
    first = (
        ReminderLog.objects.filter(
            kind=ReminderLog.Kind.MANUAL,
            recipient=assignment.person,
            key=_today_key(assignment),
        )
        .select_related("sent_by")
        .first()
    )
    if first is None:
        return str(
            _("%(name)s has already been reminded today.") % _named(assignment.person)
        )
    return str(
        _("%(name)s has already been reminded today, at %(time)s by %(sender)s.")
        % {
            **_named(assignment.person),
            "time": f"{timezone.localtime(first.sent_at):%H:%M}",
            "sender": first.sent_by.display_name if first.sent_by else _("the system"),
        }
    )


def _today_key(assignment: Assignment) -> str:
    """A manual reminder's key: one per assignment per local day."""
    return f"{assignment.pk}:{timezone.localdate().isoformat()}"


ONE_HOUR = timedelta(hours=1)


def _named(person: Person) -> dict:
    return {"name": person.display_name}
