"""The Statements API (xAPI 1.0.3 Communication part, section 2.1) and /xapi/about.

Clients authenticate with HTTP Basic (an LRS client credential with scopes) or
with the browser session; a session may only write and read statements whose
actor is the signed-in person, and its writes need the CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from crystal_learning import conf

from .agents import agent_key, person_agent
from .auth import LockedOut, SignInRefused, basic_credential
from .json_limits import JSONRefused, json_parsed
from .models import LRSCredential
from .pipeline import (
    StatementConflict,
    StatementForbidden,
    browser_statements_record,
    statements_record,
)
from .redaction import learner_view
from .selectors import (
    check_params,
    formatted,
    parse_agent,
    statement_get,
    statements_query,
)
from .validation import StatementInvalid, timestamp_value, uuid_value, validate_agent
from .vocabulary import SUPPORTED_VERSIONS, XAPI_VERSION, Verb

VERSION_HEADER = "X-Experience-API-Version"
REALM = 'Basic realm="Crystal Learning xAPI", charset="UTF-8"'


class APIError(Exception):
    def __init__(
        self, status: int, message: str, field: str = "", **headers: str
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field
        self.headers = headers


@dataclass(frozen=True)
class Principal:
    client: LRSCredential | None = None
    actor_key: str | None = None  # set for a browser session: only this actor
    actor: dict | None = None
    person: object | None = None

    def readable(self, statement: dict) -> dict:
        """A browser session reads its statements without the answer key."""
        return statement if self.actor_key is None else learner_view(statement)

    def require(self, scope: str) -> None:
        if self.client is not None and not self.client.allows(scope):
            raise APIError(403, f"This credential does not have the {scope} scope.")


def _response(data=None, status: int = 200, **headers: str) -> HttpResponse:
    response = (
        HttpResponse(status=status)
        if data is None
        else JsonResponse(data, status=status, safe=False)
    )
    response[VERSION_HEADER] = XAPI_VERSION
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _error(error: APIError) -> HttpResponse:
    body = {"error": error.message}
    if error.field:
        body["field"] = error.field
    extra = {"WWW_Authenticate": REALM} if error.status == 401 else {}
    return _response(body, status=error.status, **extra, **error.headers)


def _check_version(request: HttpRequest) -> None:
    version = request.headers.get(VERSION_HEADER)
    if not version:
        raise APIError(400, f"The {VERSION_HEADER} header is required.", VERSION_HEADER)
    if version not in SUPPORTED_VERSIONS:
        raise APIError(
            400,
            f"xAPI version {version} is not supported; use "
            f"{', '.join(SUPPORTED_VERSIONS)}.",
            VERSION_HEADER,
        )


def _principal(request: HttpRequest) -> Principal:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            return Principal(client=basic_credential(request, header))
        except SignInRefused as error:
            raise APIError(401, str(error)) from None
        except LockedOut as error:
            raise APIError(
                429, str(error), Retry_After=str(error.retry_after)
            ) from None
    user = request.user
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None or not person.active:
        raise APIError(401, "Sign in, or send HTTP Basic credentials.")
    if request.method not in ("GET", "HEAD"):
        rejected = CsrfViewMiddleware(lambda r: None).process_view(
            request, None, (), {}
        )
        if rejected is not None:
            raise APIError(403, "The CSRF token is missing or wrong.")
    actor = person_agent(person.staff_number)
    return Principal(actor_key=agent_key(actor), actor=actor, person=person)


def _json_body(request: HttpRequest):
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        raise APIError(
            400,
            "Multipart attachments are not accepted; give each attachment a fileUrl.",
            "Content-Type",
        )
    if content_type != "application/json":
        raise APIError(400, "The body must be application/json.", "Content-Type")
    limit = conf.xapi_max_body_bytes()
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise APIError(413, f"The body is larger than {limit} bytes.", "body")
    body = request.body
    if len(body) > limit:
        raise APIError(413, f"The body is larger than {limit} bytes.", "body")
    try:
        return json_parsed(body, "body")
    except JSONRefused as error:
        raise APIError(400, f"The body {error.message}.", "body") from None


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
    try:
        return browser_statements_record(
            person=principal.person, statements=statements
        ).ids
    except StatementConflict as error:
        raise APIError(409, str(error)) from None


def _get(request: HttpRequest, principal: Principal) -> HttpResponse:
    params = {key: request.GET.get(key) for key in request.GET}
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
        return _response(
            formatted(principal.readable(payload), params.get("format", "exact")),
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
        params=params, base_url=request.path, actor_key=principal.actor_key
    )
    headers = {"X_Experience_API_Consistent_Through": consistent}
    if page.statements:
        newest = max(timestamp_value(s["stored"], "stored") for s in page.statements)
        headers["Last_Modified"] = http_date(newest.timestamp())
    readable = [principal.readable(statement) for statement in page.statements]
    return _response({"statements": readable, "more": page.more}, **headers)


@login_not_required
@csrf_exempt
def statements(request: HttpRequest) -> HttpResponse:
    try:
        _check_version(request)
        principal = _principal(request)
        if request.method in ("GET", "HEAD"):
            principal.require(LRSCredential.Scope.READ)
            response = _get(request, principal)
            if request.method == "HEAD":
                response.content = b""
            return response
        if request.method == "POST":
            principal.require(LRSCredential.Scope.WRITE)
            if request.GET:
                raise APIError(
                    400, "POST takes no query parameters.", sorted(request.GET)[0]
                )
            body = _json_body(request)
            return _response(
                _record(principal, body if isinstance(body, list) else [body])
            )
        if request.method == "PUT":
            principal.require(LRSCredential.Scope.WRITE)
            unknown = sorted(set(request.GET) - {"statementId"})
            if unknown:
                raise APIError(400, "PUT takes only statementId.", unknown[0])
            if "statementId" not in request.GET:
                raise APIError(
                    400, "PUT needs the statementId parameter.", "statementId"
                )
            statement_id = uuid_value(request.GET["statementId"], "statementId")
            body = _json_body(request)
            if not isinstance(body, dict):
                raise APIError(400, "PUT takes a single statement object.", "body")
            if "id" in body and (
                not isinstance(body["id"], str) or body["id"].lower() != statement_id
            ):
                raise APIError(
                    400, "The statement's id differs from statementId.", "id"
                )
            _record(principal, [{**body, "id": statement_id}])
            return _response(status=204)
        return _response(
            {"error": "Method not allowed."}, status=405, Allow="GET, HEAD, POST, PUT"
        )
    except StatementInvalid as error:
        return _error(APIError(400, error.message, error.field))
    except APIError as error:
        return _error(error)


@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    return _response({"version": [XAPI_VERSION], "extensions": {}})
