"""The common part of every statement the platform builds: actor, verb,
context (parents, content version, language), and milestone ids."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Context,
    ContextActivities,
    Extensions,
    LanguageMap,
    Result,
    Statement,
    Verb,
)

from crystal_learning import conf

from ..activities import ActivityRef
from ..agents import homepage
from ..vocabulary import (
    CONTENT_VERSION,
    XAPI_VERSION,
)
from ..vocabulary import Verb as V

LANGUAGE = "en-GB"


def milestone_id(
    verb: str, staff_number: str, activity_id: str, attempt: str = ""
) -> str:
    """The same milestone always gets the same id, which only the platform can
    compute: an HMAC of its parts under CRYSTAL_XAPI_MILESTONE_KEY (a uuid5 of
    public parts let anyone post a statement under a colleague's id first)."""
    digest = hmac.new(
        conf.xapi_milestone_key(),
        f"{verb}|{staff_number}|{activity_id}|{attempt}".encode(),
        hashlib.sha256,
    ).digest()
    return str(uuid.UUID(bytes=digest[:16], version=5))


@dataclass(frozen=True)
class Question:
    """A quiz question as a cmi.interaction."""

    activity: ActivityRef
    interaction_type: str
    correct_responses: Sequence[str] = ()
    choices: Sequence[tuple[str, str]] = field(default_factory=tuple)


def _activity(ref: ActivityRef, **definition) -> Activity:
    return Activity(
        id=ref.id,
        definition=ActivityDefinition(
            name=LanguageMap({LANGUAGE: ref.name}),
            description=LanguageMap({LANGUAGE: ref.description})
            if ref.description
            else None,
            type=ref.type,
            **definition,
        ),
    )


def _build(
    *,
    staff_number: str,
    verb: str,
    target: Activity,
    ref: ActivityRef,
    result: Result | None = None,
    context_extensions: dict | None = None,
    categories: Sequence[str] = (),
    registration: str | None = None,
    statement_id: str | None = None,
    timestamp: datetime | None = None,
) -> dict:
    extensions = dict(context_extensions or {})
    if ref.version:
        extensions[CONTENT_VERSION] = ref.version
    activities = {}
    if ref.parents:
        activities["parent"] = [Activity(id=parent) for parent in ref.parents]
    if categories:
        activities["category"] = [Activity(id=category) for category in categories]
    statement = Statement(
        id=statement_id or uuid.uuid4(),
        actor=Agent(
            object_type="Agent",
            account=AgentAccount(home_page=homepage(), name=staff_number),
        ),
        verb=Verb(id=verb, display=LanguageMap({LANGUAGE: V.DISPLAY[verb]})),
        object=target,
        result=result,
        context=Context(
            registration=registration,
            context_activities=ContextActivities(**activities) if activities else None,
            extensions=Extensions(extensions) if extensions else None,
            language=LANGUAGE,
            platform=settings.WAGTAIL_SITE_NAME,
        ),
        timestamp=timestamp or timezone.now(),
    )
    data = json.loads(statement.to_json(XAPI_VERSION))
    data.pop("version", None)
    return data
