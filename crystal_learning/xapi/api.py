"""The Statements API (xAPI 1.0.3 Communication part, section 2.1) and /xapi/about.

Clients authenticate with HTTP Basic (an LRS client credential with scopes) or
with the browser session; a session may only write and read statements whose
actor is the signed-in person, and its writes need the CSRF token.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date

from crystal_learning import conf

from .agents import agent_key
from .attachments.http import multipart_answer, statements_body
from .attachments.services import attachments_store, parts_matched
from .launches import grant_statements_record
from .models import LRSCredential
from .pipeline import (
    StatementConflict,
    StatementForbidden,
    browser_statements_record,
    statements_record,
)
from .protocol import APIError, Principal, XRequest, respond, xapi_view
from .selectors import (
    check_params,
    parse_agent,
    statement_get,
    statements_formatted,
    statements_query,
)
from .validation import timestamp_value, uuid_value, validate_agent
from .vocabulary import LRS_LIMITS, XAPI_VERSION, Verb


def _check_actor(principal: Principal, statements: list) -> None:
    if principal.actor_key is None:
        return
    for index, statement in enumerate(statements):
        verb = (statement.get("verb") or {}) if isinstance(statement, dict) else {}
        if isinstance(verb, dict) and verb.get("id") == Verb.VOIDED:
            raise APIError(
                403, "Statements cannot be voided from a browser session.", "verb"
            )
        if not isinstance(statement, dict) or "actor" not in statement:
            continue  # statements_record refuses it, naming what is missing
        prefix = f"statements[{index}]." if len(statements) > 1 else ""
        validate_agent(statement["actor"], f"{prefix}actor")
        if (
            statement["actor"].get("objectType") == "Group"
            or agent_key(statement["actor"]) != principal.actor_key
        ):
            raise APIError(
                403,
                "Statements sent with your session must have you as the actor.",
                "actor",
            )


def _record(principal: Principal, statements: list) -> list[str]:
    _check_actor(principal, statements)
    if principal.client is not None:
        try:
            return statements_record(statements=statements, client=principal.client).ids
        except StatementConflict as error:
            raise APIError(409, str(error)) from None
        except StatementForbidden as error:
            raise APIError(403, str(error), "object.id") from None
    # A browser's own claims are kept but never complete anything (see projection);
    # the apps that receive them (e.g. watched time) decide what they are worth.
    # A launched package's are too, once its grant has checked them (launches.py).
    try:
        if principal.grant is not None:
            return grant_statements_record(principal.grant, statements)
        return browser_statements_record(
            person=principal.person, statements=statements
        ).ids
    except StatementConflict as error:
        raise APIError(409, str(error)) from None


def _stored(principal: Principal, statements: list, parts: list) -> list[str]:
    """Record the statements and keep the attachment data they declare, all or
    nothing; a part nobody declares, a missing part or a bad signature is a 400."""
    matched = parts_matched(statements, parts)
    with transaction.atomic():
        ids = _record(principal, statements)
        if matched:
            attachments_store(statements=statements, ids=ids, parts=matched)
    return ids


def _answer(params: dict, data, statements: list[dict], **headers) -> HttpResponse:
    """JSON, or with `attachments=true` multipart/mixed with the attachment data."""
    if params.get("attachments", "false").lower() == "true":
        return multipart_answer(data, statements, **headers)
    return respond(data, **headers)


def _get(xreq: XRequest, principal: Principal) -> HttpResponse:
    principal.require(LRSCredential.Scope.READ)
    params = xreq.params
    check_params(params)
    consistent = timezone.now().isoformat()
    single = (
        "statementId"
        if "statementId" in params
        else ("voidedStatementId" if "voidedStatementId" in params else None)
    )
    if single:
        payload = statement_get(
            statement_id=params[single],
            voided=single != "statementId",
            actor_key=principal.actor_key,
        )
        if payload is None:
            raise APIError(404, "No such statement.", single)
        stored = timestamp_value(payload["stored"], "stored")
        [statement] = statements_formatted(
            [payload],
            params.get("format", "exact"),
            xreq.header("Accept-Language") or "",
            answer_key=principal.actor_key is None,
        )
        statement = principal.readable(statement)
        return _answer(
            params,
            statement,
            [statement],
            Last_Modified=http_date(stored.timestamp()),
            X_Experience_API_Consistent_Through=consistent,
        )
    if (
        principal.actor_key is not None
        and "agent" in params
        and parse_agent(params["agent"]) != principal.actor_key
    ):
        raise APIError(403, "You may only read your own statements.", "agent")
    page = statements_query(
        params=params,
        base_url=xreq.django.path,
        actor_key=principal.actor_key,
        languages=xreq.header("Accept-Language") or "",
    )
    headers = {"X_Experience_API_Consistent_Through": consistent}
    if page.statements:
        newest = max(timestamp_value(s["stored"], "stored") for s in page.statements)
        headers["Last_Modified"] = http_date(newest.timestamp())
    readable = [principal.readable(statement) for statement in page.statements]
    result = {"statements": readable, "more": page.more}
    return _answer(params, result, readable, **headers)


def _post(xreq: XRequest, principal: Principal) -> HttpResponse:
    principal.require(LRSCredential.Scope.WRITE)
    if xreq.params:
        raise APIError(400, "POST takes no query parameters.", sorted(xreq.params)[0])
    body, parts = statements_body(xreq)
    statements = body if isinstance(body, list) else [body]
    return respond(_stored(principal, statements, parts))


def _put(xreq: XRequest, principal: Principal) -> HttpResponse:
    principal.require(LRSCredential.Scope.WRITE)
    unknown = sorted(set(xreq.params) - {"statementId"})
    if unknown:
        raise APIError(400, "PUT takes only statementId.", unknown[0])
    if "statementId" not in xreq.params:
        raise APIError(400, "PUT needs the statementId parameter.", "statementId")
    statement_id = uuid_value(xreq.params["statementId"], "statementId")
    body, parts = statements_body(xreq)
    if not isinstance(body, dict):
        raise APIError(400, "PUT takes a single statement object.", "body")
    if "id" in body and (
        not isinstance(body["id"], str) or body["id"].lower() != statement_id
    ):
        raise APIError(400, "The statement's id differs from statementId.", "id")
    _stored(principal, [{**body, "id": statement_id}], parts)
    return respond(status=204)


statements = xapi_view({"GET": _get, "POST": _post, "PUT": _put})


def _about(xreq: XRequest, principal: None) -> HttpResponse:
    """Section 2.8: open to anyone, whatever the version header says."""
    limits = {
        "statementsBytes": conf.xapi_max_body_bytes(),
        "attachmentBytes": conf.xapi_max_attachment_bytes(),
        "documentBytes": conf.xapi_max_document_bytes(),
    }
    return respond({"version": [XAPI_VERSION], "extensions": {LRS_LIMITS: limits}})


about = xapi_view({"GET": _about}, versioned=False, signed_in=False)
