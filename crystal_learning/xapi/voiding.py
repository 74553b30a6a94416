"""Voiding: the checks before a voiding statement is stored, and its effect."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from crystal_learning import audit

from .models import LRSCredential, Statement
from .validation import StatementInvalid
from .vocabulary import Verb

if TYPE_CHECKING:
    from .store import StatementRow

logger = logging.getLogger(__name__)


class StatementForbidden(Exception):
    """The client may not do this (HTTP 403), e.g. void a platform milestone."""


def voiding_check(rows: list[StatementRow], *, client: LRSCredential | None) -> None:
    """Refuse voiding a voiding statement, and voiding a platform milestone
    without the scope for it."""
    targets = [r.object_statement_id for r in rows if r.verb_id == Verb.VOIDED]
    if not targets:
        return
    _check_platform_voiding(targets, client=client)
    voiders = set(
        Statement.objects.filter(
            statement_id__in=targets, verb_id=Verb.VOIDED
        ).values_list("statement_id", flat=True)
    )
    voiders |= {r.statement_id for r in rows if r.verb_id == Verb.VOIDED}
    voider_ids = {uuid.UUID(str(v)) for v in voiders}
    for index, row in enumerate(rows):
        if (
            row.verb_id == Verb.VOIDED
            and uuid.UUID(str(row.object_statement_id)) in voider_ids
        ):
            raise StatementInvalid(
                f"statements[{index}].object.id" if len(rows) > 1 else "object.id",
                "is a voiding statement, and voiding statements cannot be voided",
            )


def _check_platform_voiding(targets: list, *, client: LRSCredential | None) -> None:
    """Voiding what the platform itself recorded (a completion, a pass, a
    certificate) takes the explicit void-platform scope, and is audited."""
    if client is None:
        return
    platform = [
        str(statement_id)
        for statement_id in Statement.objects.filter(statement_id__in=targets)
        .recorded_by_platform()
        .values_list("statement_id", flat=True)
    ]
    if not platform:
        return
    if LRSCredential.Scope.VOID_PLATFORM not in client.scopes:
        raise StatementForbidden(
            f"Statement {platform[0]} was recorded by the platform; voiding it needs "
            f"the {LRSCredential.Scope.VOID_PLATFORM} scope."
        )
    audit.audit(
        client,
        audit.VOID_PLATFORM,
        title=client.name,
        statements=sorted(platform),
    )
    logger.warning("%s voided platform statements %s", client.name, platform)


def voiding_apply(rows: list[StatementRow]) -> set[tuple[int, str]]:
    """Mark the statements these rows void; the (person, activity) pairs whose
    progress must be recomputed."""
    targets = [r.object_statement_id for r in rows if r.verb_id == Verb.VOIDED]
    if not targets:
        return set()
    voided = Statement.objects.filter(statement_id__in=targets, voided=False)
    pairs = {
        (s.person_id, s.activity_id) for s in voided if s.person_id and s.activity_id
    }
    voided.update(voided=True)
    return pairs
