"""The Agents and Activities resources (xAPI 1.0.3 Communication part, 2.4 and 2.5).

`GET /xapi/agents?agent=...` answers a Person object built only from what the
store holds: the identifier asked about, and any names stored statements gave
that actor (our own people's statements carry an account only, so no name or
e-mail is ever made up). `GET /xapi/activities?activityId=...` answers the
canonical Activity (definitions.py): the definition in the newest statement the
platform itself recorded about it, else in the newest from any source, else
just the id.
"""

from __future__ import annotations

from django.http import HttpResponse

from .agents import agent_key
from .definitions import canonical_activity
from .json_limits import JSONRefused, json_checked, json_parsed
from .models import LRSCredential, Statement
from .protocol import APIError, Principal, XRequest, respond, xapi_view
from .validation import ACTIVITY_ID_MAX, iri_value, validate_agent

#: How many of an actor's newest statements are read for the names they gave.
NAME_WINDOW = 100


def only_params(params: dict, allowed: set[str], required: tuple[str, ...]) -> None:
    """400 naming the first parameter not `allowed`, or a `required` one missing."""
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise APIError(400, "This resource does not take this parameter.", unknown[0])
    for name in required:
        if not params.get(name):
            raise APIError(400, f"The {name} parameter is required.", name)


def agent_param(text: str, field: str = "agent") -> tuple[dict, str]:
    """The Agent (not a Group) a parameter holds, and its key; 400 otherwise."""
    try:
        agent = json_parsed(text, field)
        json_checked(agent, field)
    except JSONRefused as error:
        raise APIError(
            400, f"must be an Agent as JSON: {error.message}", field
        ) from None
    if not isinstance(agent, dict):
        raise APIError(400, "must be an Agent object.", field)
    if agent.get("objectType") == "Group":
        raise APIError(400, "must be an Agent, not a Group.", field)
    validate_agent(agent, field)
    key = agent_key(agent)
    if not key:
        raise APIError(400, "must have an identifier.", field)
    return agent, key


def _person(agent: dict, key: str) -> dict:
    person: dict = {"objectType": "Person"}
    names = (
        Statement.objects.filter(actor_key=key, payload__actor__name__isnull=False)
        .order_by("-seq")
        .values_list("payload__actor__name", flat=True)[:NAME_WINDOW]
    )
    found = list(dict.fromkeys(n for n in names if isinstance(n, str) and n))
    if found:
        person["name"] = found
    for ifi in ("mbox", "mbox_sha1sum", "openid", "account"):
        if ifi in agent:
            person[ifi] = [agent[ifi]]
            break
    return person


def _agents(xreq: XRequest, principal: Principal) -> HttpResponse:
    principal.require(LRSCredential.Scope.READ)
    only_params(xreq.params, {"agent"}, ("agent",))
    agent, key = agent_param(xreq.params["agent"])
    principal.require_own(key)
    return respond(_person(agent, key))


def _activities(xreq: XRequest, principal: Principal) -> HttpResponse:
    principal.require(LRSCredential.Scope.READ)
    only_params(xreq.params, {"activityId"}, ("activityId",))
    activity_id = iri_value(xreq.params["activityId"], "activityId", ACTIVITY_ID_MAX)
    # A learner's browser never gets the answer key (see redaction.py).
    activity = canonical_activity(activity_id, answer_key=principal.actor_key is None)
    return respond(activity)


agents = xapi_view({"GET": _agents})
activities = xapi_view({"GET": _activities})
