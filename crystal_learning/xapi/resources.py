"""The Agents and Activities resources (xAPI 1.0.3 Communication part, 2.4 and 2.5).

`GET /xapi/agents?agent=...` answers a Person object built only from what the
store holds: the identifier asked about, and any names stored statements gave
that actor (our own people's statements carry an account only, so no name or
e-mail is ever made up). `GET /xapi/activities?activityId=...` answers the
canonical Activity: the definition in the newest statement the platform itself
recorded about it, else in the newest from any source, else just the id.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponse

from .agents import PLATFORM, agent_key, homepage
from .json_limits import JSONRefused, json_checked, json_parsed
from .models import LRSCredential, Statement, StatementActivity
from .protocol import APIError, Principal, XRequest, respond, xapi_view
from .redaction import ANSWER_KEY
from .validation import ACTIVITY_ID_MAX, iri_value, validate_agent

#: How many of an actor's newest statements are read for the names they gave.
NAME_WINDOW = 100
#: How many statements mentioning an activity are read for its definition.
DEFINITION_WINDOW = 200
CONTEXT_LISTS = ("parent", "grouping", "category", "other")


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


def _definition_in(payload: dict, activity_id: str) -> dict | None:
    """The definition `payload` gives the activity, wherever it names it."""
    candidates = [payload.get("object")]
    context = payload.get("context")
    target = payload.get("object")
    if isinstance(target, dict) and target.get("objectType") == "SubStatement":
        candidates.append(target.get("object"))
        contexts = [context, target.get("context")]
    else:
        contexts = [context]
    for ctx in contexts:
        lists = ctx.get("contextActivities") if isinstance(ctx, dict) else None
        for name in CONTEXT_LISTS if isinstance(lists, dict) else ():
            value = lists.get(name)
            candidates.extend(value if isinstance(value, list) else [value])
    for candidate in candidates:
        if (
            isinstance(candidate, dict)
            and candidate.get("id") == activity_id
            and candidate.get("objectType", "Activity") == "Activity"
            and candidate.get("definition")
        ):
            return candidate["definition"]
    return None


def canonical_activity(activity_id: str) -> dict:
    """The Activity object: platform's newest definition first, then anyone's."""
    platform = Q(
        payload__authority__account__name=PLATFORM,
        payload__authority__account__homePage=f"{homepage()}/lrs-clients",
    )
    mentions = StatementActivity.objects.filter(activity_id=activity_id).values(
        "statement_id"
    )
    payloads = (
        Statement.objects.filter(seq__in=mentions, voided=False)
        .annotate(
            rank=Case(
                When(platform, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-seq")
        .values_list("payload", flat=True)[:DEFINITION_WINDOW]
    )
    for payload in payloads:
        definition = _definition_in(payload, activity_id)
        if definition:
            return {
                "objectType": "Activity",
                "id": activity_id,
                "definition": definition,
            }
    return {"objectType": "Activity", "id": activity_id}


def _activities(xreq: XRequest, principal: Principal) -> HttpResponse:
    principal.require(LRSCredential.Scope.READ)
    only_params(xreq.params, {"activityId"}, ("activityId",))
    activity_id = iri_value(xreq.params["activityId"], "activityId", ACTIVITY_ID_MAX)
    activity = canonical_activity(activity_id)
    if principal.actor_key is not None and "definition" in activity:
        # A learner's browser never gets the answer key (see redaction.py).
        activity["definition"] = {
            k: v for k, v in activity["definition"].items() if k not in ANSWER_KEY
        }
    return respond(activity)


agents = xapi_view({"GET": _agents})
activities = xapi_view({"GET": _activities})
