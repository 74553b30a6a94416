"""/xapi/activities/state, /xapi/activities/profile and /xapi/agents/profile.

Each takes PUT (replace), POST (merge JSON objects), GET (one document by id,
or the ids of a context's documents, `since` a time) and DELETE (one document;
for State also every document of an activity + agent [+ registration]).
ETags and If-Match / If-None-Match follow section 3.1: 412 when a precondition
fails, and 409 for a PUT to an existing profile document with neither header.

API clients need the `state` or `profile` scope (or `all`). A browser session
may use State and the Agent Profile only for its own agent, and only read
Activity Profiles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import http_date

from crystal_learning import conf

from ..json_limits import UNSTORABLE
from ..launches import document_check
from ..models import LRSCredential
from ..protocol import (
    HEADER_VALUE,
    APIError,
    Principal,
    XRequest,
    respond,
    xapi_view,
)
from ..resources import agent_param, only_params
from ..validation import ACTIVITY_ID_MAX, iri_value, timestamp_value, uuid_value
from . import services
from .models import XapiDocument
from .services import Address, Preconditions, Write

DOCUMENT_ID_MAX = 1000
CONTENT_TYPE_MAX = 255


@dataclass(frozen=True)
class Resource:
    kind: str
    id_param: str
    activity: bool
    agent: bool
    scope: str
    #: A browser session may write (for its own agent); else it may only read.
    session_writes: bool
    #: Section 3.1: a PUT to an existing document needs If-Match or If-None-Match.
    precondition_required: bool

    @property
    def registration(self) -> bool:
        return self.kind == XapiDocument.Kind.STATE


STATE = Resource(
    XapiDocument.Kind.STATE,
    "stateId",
    True,
    True,
    LRSCredential.Scope.STATE,
    True,
    False,
)
ACTIVITY_PROFILE = Resource(
    XapiDocument.Kind.ACTIVITY_PROFILE,
    "profileId",
    True,
    False,
    LRSCredential.Scope.PROFILE,
    False,
    True,
)
AGENT_PROFILE = Resource(
    XapiDocument.Kind.AGENT_PROFILE,
    "profileId",
    False,
    True,
    LRSCredential.Scope.PROFILE,
    True,
    True,
)


def _address(resource: Resource, xreq: XRequest, principal: Principal) -> Address:
    """The document's address from the parameters, once the caller may use it."""
    params = xreq.params
    allowed = {resource.id_param}
    required = []
    if resource.activity:
        allowed.add("activityId")
        required.append("activityId")
    if resource.agent:
        allowed.add("agent")
        required.append("agent")
    if resource.registration:
        allowed.add("registration")
    if xreq.method in ("GET", "HEAD") and resource.id_param not in params:
        allowed.add("since")
    only_params(params, allowed, tuple(required))
    principal.require(resource.scope)
    if (
        principal.actor_key is not None
        and xreq.method not in ("GET", "HEAD")
        and not resource.session_writes
    ):
        raise APIError(403, "A browser session may only read this resource.")
    activity_id = (
        iri_value(params["activityId"], "activityId", ACTIVITY_ID_MAX)
        if resource.activity
        else ""
    )
    key = agent_param(params["agent"])[1] if resource.agent else ""
    if resource.agent:
        principal.require_own(key)
    registration = (
        uuid_value(params["registration"], "registration")
        if "registration" in params
        else ""
    )
    document_id = params.get(resource.id_param, "")
    if len(document_id) > DOCUMENT_ID_MAX:
        raise APIError(
            400, f"is longer than {DOCUMENT_ID_MAX} characters.", resource.id_param
        )
    if UNSTORABLE.search(document_id):
        raise APIError(
            400, "holds a NUL or a lone surrogate character.", resource.id_param
        )
    if principal.grant is not None:
        document_check(
            principal.grant,
            kind=resource.kind,
            activity_id=activity_id,
            registration=registration,
            document_id=document_id,
            method=xreq.method,
        )
    return Address(resource.kind, activity_id, key, registration, document_id)


def _needs_id(resource: Resource, address: Address) -> None:
    if not address.document_id:
        raise APIError(
            400, f"The {resource.id_param} parameter is required.", resource.id_param
        )


def _preconditions(xreq: XRequest) -> Preconditions:
    return Preconditions(xreq.header("If-Match"), xreq.header("If-None-Match"))


def _get(resource: Resource, xreq: XRequest, principal: Principal) -> HttpResponse:
    address = _address(resource, xreq, principal)
    if not address.document_id:
        since = xreq.params.get("since")
        ids = services.document_ids(
            address, timestamp_value(since, "since") if since else None
        )
        body = json.dumps(ids).encode()
        return respond(ids, ETag=services.etag_of(body))
    document = services.document_get(address)
    if document is None:
        raise APIError(404, "There is no such document.", resource.id_param)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = document.etag
    response["Last-Modified"] = http_date(document.updated.timestamp())
    return response


def _write(
    resource: Resource, xreq: XRequest, principal: Principal, merge: bool
) -> HttpResponse:
    address = _address(resource, xreq, principal)
    _needs_id(resource, address)
    content_type = xreq.full_content_type or "application/octet-stream"
    if len(content_type) > CONTENT_TYPE_MAX:
        raise APIError(400, "The Content-Type is too long.", "Content-Type")
    if not HEADER_VALUE.fullmatch(content_type):
        raise APIError(400, "is not a value a header can carry.", "Content-Type")
    write = Write(
        content=xreq.body(conf.xapi_max_document_bytes(), "document"),
        content_type=content_type,
        merge=merge,
        preconditions=_preconditions(xreq),
        precondition_required=resource.precondition_required and not merge,
        client=principal.client,
    )
    document = services.document_write(address, write)
    return respond(status=204, ETag=document.etag)


def _delete(resource: Resource, xreq: XRequest, principal: Principal) -> HttpResponse:
    address = _address(resource, xreq, principal)
    if address.document_id:
        services.document_delete(address, _preconditions(xreq))
    elif resource.kind == XapiDocument.Kind.STATE:
        services.documents_delete(address)
    else:
        _needs_id(resource, address)
    return respond(status=204)


def _errors(handler):
    """The services' refusals as the answers section 3.1 gives them."""

    def answer(xreq: XRequest, principal: Principal) -> HttpResponse:
        try:
            return handler(xreq, principal)
        except services.PreconditionFailed as error:
            raise APIError(412, str(error), "If-Match") from None
        except services.DocumentConflict as error:
            raise APIError(409, str(error), "If-Match") from None
        except services.DocumentInvalid as error:
            raise APIError(400, error.message, error.field) from None
        except services.DocumentTooLarge as error:
            raise APIError(413, str(error), "content") from None

    return answer


def _view(resource: Resource):
    return xapi_view(
        {
            "GET": _errors(lambda x, p: _get(resource, x, p)),
            "PUT": _errors(lambda x, p: _write(resource, x, p, merge=False)),
            "POST": _errors(lambda x, p: _write(resource, x, p, merge=True)),
            "DELETE": _errors(lambda x, p: _delete(resource, x, p)),
        }
    )


state = _view(STATE)
activity_profile = _view(ACTIVITY_PROFILE)
agent_profile = _view(AGENT_PROFILE)
