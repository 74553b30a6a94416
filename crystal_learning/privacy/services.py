"""Erasure (anonymisation) of one person, and the retention rules.

Erasure keeps the figures: the person's row, team, rank, assignments,
progress, bookings and attempts stay (so coverage, abstraction and item
analysis count exactly what they counted before), while everything that
identifies them is replaced by a pseudonym that nothing links back: staff
number, name, e-mail, account, the actor of their xAPI statements, their HR
import lines, absences and calendar feed. docs/data-protection.md.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from crystal_learning import conf
from crystal_learning.audit import ERASURE, audit
from crystal_learning.people.models import Absence, PeopleImport, Person
from crystal_learning.programmes.models import ReminderLog
from crystal_learning.scheduling.models import CalendarFeed
from crystal_learning.xapi.agents import agent_key, person_agent
from crystal_learning.xapi.attachments.models import StatementAttachment
from crystal_learning.xapi.attachments.services import attachments_unreferenced_delete
from crystal_learning.xapi.documents.models import XapiDocument
from crystal_learning.xapi.forwarding.models import Delivery
from crystal_learning.xapi.models import Progress, Statement, StatementAgent
from modules.packages.models import PackageLaunch

ERASED_NAME = "Erased person"
CHUNK = 1000


class ErasureRefused(Exception):
    pass


@dataclass
class ErasureReport:
    pseudonym: str
    statements: int
    absences: int
    import_lines: int
    documents: int = 0


def _pseudonym() -> str:
    return f"erased-{secrets.token_hex(6)}"


def _replace_agents(value, old_keys: set[str], new_agent: dict):
    """`value` with every agent whose key is one of `old_keys` replaced."""
    if isinstance(value, dict):
        if agent_key(value) in old_keys:
            return dict(new_agent)
        return {k: _replace_agents(v, old_keys, new_agent) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_agents(item, old_keys, new_agent) for item in value]
    return value


def _erasure_check(person: Person, *, allow_active: bool) -> None:
    if person.staff_number.startswith("erased-"):
        raise ErasureRefused(_("This person has already been erased."))
    if person.active and not allow_active:
        raise ErasureRefused(
            _(
                "%(name)s is still active. Erase people who have left (the HR "
                "import deactivates them), or confirm that an active person is "
                "to be erased."
            )
            % {"name": person.display_name}
        )


def _agent_keys(person: Person) -> set[str]:
    """Every key their statements may carry: their account, their e-mail."""
    old_keys = {agent_key(person_agent(person.staff_number))}
    if person.email:
        old_keys.add(agent_key({"mbox": f"mailto:{person.email}"}))
    return old_keys


def _statements_pseudonymise(
    person: Person, old_keys: set[str], new_agent: dict
) -> int:
    """Their statements with the pseudonym's agent; how many were rewritten."""
    new_key = agent_key(new_agent)
    statements = 0
    # Each statement once: by person, as actor under any of their keys, or
    # as the object agent.
    ids = list(
        Statement.objects.filter(
            Q(person=person)
            | Q(actor_key__in=old_keys)
            | Q(object_agent_key__in=old_keys)
        ).values_list("seq", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        rows = list(Statement.objects.filter(seq__in=ids[start : start + CHUNK]))
        for row in rows:
            row.payload = _replace_agents(row.payload, old_keys, new_agent)
            if row.actor_key in old_keys:
                row.actor_key = new_key
            if row.object_agent_key in old_keys:
                row.object_agent_key = new_key
        Statement.objects.bulk_update(
            rows, ["payload", "actor_key", "object_agent_key"]
        )
        statements += len(rows)
    StatementAgent.objects.filter(agent_key__in=old_keys).update(agent_key=new_key)
    return statements


def _import_lines_remove(staff_number: str) -> int:
    """Their lines taken out of the kept HR files; how many were removed."""
    import_lines = 0
    for people_import in PeopleImport.objects.filter(csv_text__contains=staff_number):
        lines = people_import.csv_text.splitlines(keepends=True)
        kept = [line for line in lines if staff_number not in line]
        import_lines += len(lines) - len(kept)
        people_import.csv_text = "".join(kept)
        people_import.save(update_fields=["csv_text"])
    return import_lines


def _identity_replace(person: Person, pseudonym: str) -> None:
    """The person, their account and the admin history's labels renamed."""
    person.staff_number = pseudonym
    person.display_name = ERASED_NAME
    person.email = ""
    person.save(update_fields=["staff_number", "display_name", "email", "updated_at"])
    user = person.user
    user.username = pseudonym
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    ModelLogEntry.objects.filter(
        content_type__app_label="crystal_people",
        content_type__model="person",
        object_id=str(person.pk),
    ).update(label=ERASED_NAME)
    ModelLogEntry.objects.filter(
        content_type__app_label=user._meta.app_label,
        content_type__model=user._meta.model_name,
        object_id=str(user.pk),
    ).update(label=pseudonym)


@transaction.atomic
def person_erase(
    *, person: Person, by=None, allow_active: bool = False
) -> ErasureReport:
    """Replace what identifies `person` by a pseudonym; keep what is counted."""
    person = Person.objects.select_for_update().select_related("user").get(pk=person.pk)
    _erasure_check(person, allow_active=allow_active)
    old_number = person.staff_number
    old_keys = _agent_keys(person)
    pseudonym = _pseudonym()
    statements = _statements_pseudonymise(person, old_keys, person_agent(pseudonym))
    absences = Absence.objects.filter(person=person).delete()[0]
    # xAPI State and Agent Profile documents kept under their agent: content a
    # course or tool stored about them, with no statistical value.
    documents = XapiDocument.objects.filter(agent_key__in=old_keys).delete()[0]
    CalendarFeed.objects.filter(person=person).delete()
    # SCORM data kept per attempt holds the learner's name and id as sent.
    PackageLaunch.objects.filter(person=person).update(cmi={})
    # Files attached to their statements (a certificate, a signature) are
    # theirs too: unlinked, and removed when no one else's statement has them.
    StatementAttachment.objects.filter(statement__person=person).delete()
    attachments_unreferenced_delete()
    import_lines = _import_lines_remove(old_number)
    _identity_replace(person, pseudonym)
    audit(
        person,
        ERASURE,
        user=by,
        title=ERASED_NAME,
        statements=statements,
        absences=absences,
        import_lines=import_lines,
        documents=documents,
    )
    return ErasureReport(
        pseudonym=pseudonym,
        statements=statements,
        absences=absences,
        import_lines=import_lines,
        documents=documents,
    )


@dataclass
class RetentionReport:
    statements: int
    progress: int
    reminders: int
    documents: int = 0


def _documents_of_delete(people) -> int:
    """The xAPI State and Agent Profile documents kept under `people`'s agents
    (their account or e-mail); how many were deleted."""
    deleted = 0
    keys = [
        key
        for person in people.only("staff_number", "email")
        for key in _agent_keys(person)
    ]
    for start in range(0, len(keys), CHUNK):
        with transaction.atomic():
            chunk = keys[start : start + CHUNK]
            deleted += XapiDocument.objects.filter(agent_key__in=chunk).delete()[0]
    return deleted


def retention_apply(*, now=None) -> RetentionReport:
    """Delete what the retention settings say is kept no longer.

    - Statements (and progress) about people who left more than
      CRYSTAL_RETAIN_STATEMENTS_DAYS ago; none still waiting for an LRS. Their
      xAPI State and Agent Profile documents too.
    - Reminder logs older than CRYSTAL_RETAIN_REMINDERS_DAYS whose assignment
      is finished or ended (an open assignment keeps them, or it could be
      reminded twice).
    A setting of 0 keeps everything of that kind.
    """
    now = now or timezone.now()
    statements = progress = reminders = documents = 0
    days = conf.retain_statements_days()
    if days:
        cutoff = (now - timedelta(days=days)).date()
        leavers = Person.objects.filter(active=False, deactivated_on__lt=cutoff)
        waiting = Delivery.objects.filter(status=Delivery.Status.PENDING).values(
            "statement_id"
        )
        while True:
            with transaction.atomic():
                batch = list(
                    Statement.objects.filter(person__in=leavers)
                    .exclude(seq__in=waiting)
                    .values_list("seq", flat=True)[:CHUNK]
                )
                if not batch:
                    break
                Statement.objects.filter(seq__in=batch).delete()
                statements += len(batch)
        attachments_unreferenced_delete()
        with transaction.atomic():
            progress = (
                Progress.objects.filter(person__in=leavers)
                .exclude(person__statements__isnull=False)
                .delete()[0]
            )
        documents = _documents_of_delete(leavers)
    days = conf.retain_reminders_days()
    if days:
        cutoff = now - timedelta(days=days)
        with transaction.atomic():
            reminders = (
                ReminderLog.objects.filter(sent_at__lt=cutoff)
                .filter(
                    Q(assignment__isnull=True)
                    | Q(assignment__completed_at__isnull=False)
                    | Q(assignment__ended_on__isnull=False)
                )
                .delete()[0]
            )
    return RetentionReport(
        statements=statements,
        progress=progress,
        reminders=reminders,
        documents=documents,
    )
