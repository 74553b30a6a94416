"""What a launched package may do in the LRS: the launch principal.

A package (a cmi5 AU, a Tin Can course) runs in the learner's browser and talks
to /xapi/ with HTTP Basic credentials the launch gave it: the user name
`launch-<launch id>` and a one-off secret. Such a name never reaches the API
clients' credentials: `principal_of` asks the `resolvers` (appended by the app
that owns launches, in its ready(); this app cannot import it) for a
`LaunchGrant`, and the resources honour the grant:

- Statements: the actor must be the grant's (and no voiding, as for a browser
  session); the object must be one of the grant's activities; then the grant's
  own `statement_check` (cmi5's rules) may refuse with a 403. Accepted
  statements are stored like a signed-in browser's claims (pipeline
  `browser_statements_record`) under `launch_authority()`: evidence of
  activity, never completion. The package's outcome reaches our record only
  through the launching app (e.g. `package_outcome_record`), which the grant's
  `statements_accepted` calls.
- GET statements: only the grant's actor's.
- State: only the grant's actor and activities (and registration, when one is
  given); the grant's read-only documents (cmi5's LMS.LaunchData) cannot be
  written or deleted. Activity Profile: read only, own activities only. Agent
  Profile: its own agent only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from .agents import LAUNCH_KEY_PREFIX, agent_key, launch_authority
from .auth import SignInRefused, basic_decoded
from .documents.models import XapiDocument
from .models import Statement
from .pipeline import browser_statements_record
from .protocol import APIError, Principal
from .validation import StatementInvalid, validate_statement

__all__ = [
    "LaunchGrant",
    "Resolver",
    "document_check",
    "grant_statements_record",
    "launch_grant",
    "launch_principal",
    "resolvers",
]


def _accept_all(statement: dict) -> None:
    """The default check: nothing beyond the actor and the activities."""


@dataclass(frozen=True)
class LaunchGrant:
    person: object
    actor: dict
    registration: str
    #: What the launch may write statements about and keep state for.
    activity_ids: frozenset[str]
    #: Refuses a statement with APIError(403, ...); may note what it accepted
    #: (it runs in the transaction that stores the statements).
    statement_check: Callable[[dict], None] = _accept_all
    launch_id: str = ""
    #: Activities under these IRIs are the launch's too (a Tin Can course's
    #: slides and questions live under its activity id).
    activity_prefixes: tuple[str, ...] = ()
    #: State documents the launch may read but never write or delete.
    read_only_state_ids: frozenset[str] = frozenset()
    #: Called with the statements just stored (same transaction).
    statements_accepted: Callable[[list[dict]], None] | None = field(
        default=None, compare=False
    )

    @property
    def actor_key(self) -> str:
        return agent_key(self.actor)

    def covers(self, activity_id: object) -> bool:
        if not isinstance(activity_id, str) or not activity_id:
            return False
        return activity_id in self.activity_ids or any(
            activity_id.startswith(prefix) for prefix in self.activity_prefixes
        )


#: (user name, secret) -> the grant, or None when the pair is not theirs.
Resolver = Callable[[str, str], "LaunchGrant | None"]
resolvers: list[Resolver] = []


def launch_grant(user: str, secret: str) -> LaunchGrant | None:
    """The grant a resolver gives this launch user and secret, for an active person."""
    for resolver in resolvers:
        grant = resolver(user, secret)
        if grant is not None:
            return grant if getattr(grant.person, "active", False) else None
    return None


def launch_principal(header: str) -> Principal | None:
    """The principal for a Basic header naming a launch (`launch-...`), None for
    any other header (an API client's); 401 for a launch without a grant."""
    try:
        user, secret = basic_decoded(header)
    except SignInRefused:
        return None  # the API client path answers it
    if not user.startswith(LAUNCH_KEY_PREFIX):
        return None
    grant = launch_grant(user, secret)
    if grant is None:
        raise APIError(
            401, "This launch's token is unknown, expired or its session has ended."
        )
    return Principal(
        actor_key=grant.actor_key, actor=grant.actor, person=grant.person, grant=grant
    )


def _stored_ids(statements: list) -> set[str]:
    ids = set()
    for statement in statements:
        try:
            ids.add(str(uuid.UUID(str(statement.get("id")))))
        except (AttributeError, ValueError):
            continue
    found = Statement.objects.filter(statement_id__in=ids).values_list(
        "statement_id", flat=True
    )
    return {str(value) for value in found}


def _object_check(grant: LaunchGrant, statement: dict, prefix: str) -> None:
    target = statement.get("object")
    if (
        not isinstance(target, dict)
        or target.get("objectType", "Activity") != "Activity"
        or not grant.covers(target.get("id"))
    ):
        raise APIError(
            403,
            "A launched package may only send statements about its own activities.",
            f"{prefix}object.id",
        )


def grant_statements_record(grant: LaunchGrant, statements: list) -> list[str]:
    """Check and store a launch's statements, all or nothing; their ids.

    A statement already stored (an id sent again) is not checked again: the
    store answers it (the same content changes nothing; other content is 409).
    """
    with transaction.atomic():
        stored = _stored_ids([s for s in statements if isinstance(s, dict)])
        accepted = []
        for index, statement in enumerate(statements):
            prefix = f"statements[{index}]." if len(statements) > 1 else ""
            try:
                validate_statement(statement)
            except StatementInvalid as error:
                raise StatementInvalid(
                    f"{prefix}{error.field}".rstrip("."), error.message
                ) from None
            _object_check(grant, statement, prefix)
            if str(statement.get("id", "")).lower() not in stored:
                grant.statement_check(statement)
                accepted.append(statement)
        recorded = browser_statements_record(
            person=grant.person, statements=statements, authority=launch_authority()
        )
        if accepted and grant.statements_accepted is not None:
            grant.statements_accepted(accepted)
    return recorded.ids


def document_check(
    grant: LaunchGrant,
    *,
    kind: str,
    activity_id: str,
    registration: str,
    document_id: str,
    method: str,
) -> None:
    """403 unless the launch may use this document (its agent is checked already)."""
    if kind == XapiDocument.Kind.AGENT_PROFILE:
        return
    if not grant.covers(activity_id):
        raise APIError(
            403,
            "A launched package may only use documents of its own activities.",
            "activityId",
        )
    if kind != XapiDocument.Kind.STATE:
        return
    if registration and registration.lower() != grant.registration.lower():
        raise APIError(
            403, "A launched package may only use its own registration.", "registration"
        )
    writes = method not in ("GET", "HEAD")
    protected = grant.read_only_state_ids
    if writes and protected and (not document_id or document_id in protected):
        raise APIError(
            403,
            f"A launched package may not change {' or '.join(sorted(protected))}.",
            "stateId",
        )
