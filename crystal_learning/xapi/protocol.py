"""What every xAPI resource shares (xAPI 1.0.3 Communication part, sections 1 and 2).

`xapi_view` turns handlers into a view that: reads the alternate request syntax
(`POST ...?method=GET|HEAD|PUT|POST|DELETE` with the headers, parameters and
`content` in a form body), checks the version header, finds the principal
(HTTP Basic credential or browser session), answers HEAD like GET without a
body, sends every error as JSON, and puts `X-Experience-API-Version` on every
response and `X-Experience-API-Consistent-Through` on every GET and HEAD.
Every answer may be read from any origin, and a CORS preflight (OPTIONS) is
answered before any check (cors.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from .agents import agent_key, person_agent
from .auth import LockedOut, SignInRefused, basic_credential
from .cors import cors_allowed, preflight
from .models import LRSCredential
from .redaction import learner_view
from .validation import StatementInvalid
from .vocabulary import SUPPORTED_VERSIONS, XAPI_VERSION

if TYPE_CHECKING:
    from .launches import LaunchGrant

VERSION_HEADER = "X-Experience-API-Version"
CONSISTENT_HEADER = "X-Experience-API-Consistent-Through"
REALM = 'Basic realm="Crystal Learning xAPI", charset="UTF-8"'
#: Form parameters the alternate request syntax treats as headers (section 1.3).
FORM_HEADERS = (
    "Authorization",
    VERSION_HEADER,
    "Content-Type",
    "Content-Length",
    "If-Match",
    "If-None-Match",
)
ALTERNATE_METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")
#: Visible ASCII and spaces only: what an HTTP header value can carry.
HEADER_VALUE = re.compile(r"[\x20-\x7e]*")
#: A browser form's CSRF token (the check reads it), never a resource parameter.
CSRF_FIELD = "csrfmiddlewaretoken"


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
    #: A launched package (xapi/launches.py): a session's limits, and the grant's.
    grant: LaunchGrant | None = None

    def readable(self, statement: dict) -> dict:
        """A browser session reads its statements without the answer key."""
        return statement if self.actor_key is None else learner_view(statement)

    def require(self, scope: str) -> None:
        if self.client is not None and not self.client.allows(scope):
            raise APIError(403, f"This credential does not have the {scope} scope.")

    def require_own(self, key: str, field: str = "agent") -> None:
        """A browser session may only act for its own agent."""
        if self.actor_key is not None and key != self.actor_key:
            raise APIError(403, "You may only use your own agent.", field)


@dataclass
class XRequest:
    """One xAPI request, whichever syntax it came in."""

    django: HttpRequest
    method: str
    params: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    content: bytes | None = None  # the alternate syntax's `content`
    alternate: bool = False

    def header(self, name: str) -> str | None:
        if self.alternate and name.lower() in self.headers:
            return self.headers[name.lower()]
        return self.django.headers.get(name)

    @property
    def content_type(self) -> str:
        """The media type of the body, without its parameters, lower case."""
        return self.full_content_type.split(";")[0].strip().lower()

    @property
    def full_content_type(self) -> str:
        if self.alternate:
            return self.headers.get("content-type", "application/json")
        return self.django.META.get("CONTENT_TYPE", "")

    def body(self, limit: int, what: str = "body") -> bytes:
        """The request body (or the `content` form parameter); 413 over `limit`."""
        too_big = APIError(413, f"The {what} is larger than {limit} bytes.", "body")
        if self.alternate:
            if len(self.content or b"") > limit:
                raise too_big
            return self.content or b""
        try:
            length = int(self.django.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            raise too_big
        try:
            body = self.django.body
        except RequestDataTooBig:
            raise too_big from None
        if len(body) > limit:
            raise too_big
        return body


def respond(data=None, status: int = 200, **headers: str) -> HttpResponse:
    """A JSON response (or an empty one) with the version header; header names
    are given with underscores for dashes."""
    response = (
        HttpResponse(status=status)
        if data is None
        else JsonResponse(data, status=status, safe=False)
    )
    response[VERSION_HEADER] = XAPI_VERSION
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error_response(error: APIError) -> HttpResponse:
    body = {"error": error.message}
    if error.field:
        body["field"] = error.field
    extra = {"WWW_Authenticate": REALM} if error.status == 401 else {}
    return respond(body, status=error.status, **extra, **error.headers)


def check_version(xreq: XRequest) -> None:
    version = xreq.header(VERSION_HEADER)
    if not version:
        raise APIError(400, f"The {VERSION_HEADER} header is required.", VERSION_HEADER)
    if version not in SUPPORTED_VERSIONS:
        raise APIError(
            400,
            f"xAPI version {version} is not supported; use "
            f"{', '.join(SUPPORTED_VERSIONS)}.",
            VERSION_HEADER,
        )


def _csrf_check(request: HttpRequest) -> None:
    """Django's CSRF check for a signed-in session's write. The body is read
    first (the check may parse it as a form, which would use up the stream of a
    multipart body), and a body too large or with too many fields is a JSON
    error, not Django's HTML page."""
    try:
        request.body  # noqa: B018 - cached for the resource to read afterwards
        rejected = CsrfViewMiddleware(lambda r: None).process_view(
            request, None, (), {}
        )
    except RequestDataTooBig:
        raise APIError(413, "The body is too large.", "body") from None
    except TooManyFieldsSent:
        raise APIError(400, "The form has too many fields.", "body") from None
    if rejected is not None:
        raise APIError(403, "The CSRF token is missing or wrong.")


def principal_of(xreq: XRequest) -> Principal:
    """The HTTP Basic credential, or the signed-in person (CSRF checked on writes)."""
    request = xreq.django
    header = xreq.header("Authorization") or ""
    if header.lower().startswith("basic "):
        from .launches import launch_principal  # launches imports this module

        launched = launch_principal(header)
        if launched is not None:
            return launched
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
        _csrf_check(request)
    actor = person_agent(person.staff_number)
    return Principal(actor_key=agent_key(actor), actor=actor, person=person)


def x_request(request: HttpRequest) -> XRequest:
    """Read the request, in the usual syntax or the alternate one (section 1.3)."""
    if request.method != "POST" or "method" not in request.GET:
        params = {key: request.GET.get(key) for key in request.GET}
        return XRequest(django=request, method=request.method, params=params)
    extra = sorted(set(request.GET) - {"method"})
    if extra:
        raise APIError(
            400,
            "With the alternate request syntax, the query string holds only method; "
            "send the other parameters in the form.",
            extra[0],
        )
    if len(request.GET.getlist("method")) > 1:
        raise APIError(400, "method is given more than once.", "method")
    method = request.GET["method"].upper()
    if method not in ALTERNATE_METHODS:
        raise APIError(
            400, f"method must be one of {', '.join(ALTERNATE_METHODS)}.", "method"
        )
    if request.content_type != "application/x-www-form-urlencoded":
        raise APIError(
            400,
            "The alternate request syntax needs an "
            "application/x-www-form-urlencoded body.",
            "Content-Type",
        )
    try:
        form = {key: request.POST.get(key) for key in request.POST}
    except RequestDataTooBig:
        raise APIError(413, "The form is too large.", "body") from None
    except TooManyFieldsSent:
        raise APIError(400, "The form has too many fields.", "body") from None
    names = {name.lower(): name for name in FORM_HEADERS}
    headers = {
        key.lower(): value for key, value in form.items() if key.lower() in names
    }
    for key, value in headers.items():
        if not HEADER_VALUE.fullmatch(value):
            raise APIError(400, "is not a value an HTTP header can carry.", names[key])
    content = form.pop("content", None)
    params = {
        key: value
        for key, value in form.items()
        if key.lower() not in names and key not in ("content", CSRF_FIELD)
    }
    return XRequest(
        django=request,
        method=method,
        params=params,
        headers=headers,
        content=None if content is None else content.encode("utf-8", "surrogatepass"),
        alternate=True,
    )


Handler = Callable[[XRequest, Principal | None], HttpResponse]


def _finish(method: str, response: HttpResponse) -> HttpResponse:
    response[VERSION_HEADER] = XAPI_VERSION
    if method in ("GET", "HEAD"):
        if CONSISTENT_HEADER not in response:
            response[CONSISTENT_HEADER] = timezone.now().isoformat()
        if method == "HEAD":
            response.content = b""
    return cors_allowed(response)


def xapi_view(
    handlers: dict[str, Handler], *, versioned: bool = True, signed_in: bool = True
):
    """A view answering `handlers` by method (HEAD is answered by GET's)."""
    allowed = sorted({*handlers, *(("HEAD",) if "GET" in handlers else ())})

    @login_not_required
    @csrf_exempt
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        method = request.method
        if method == "OPTIONS":  # a CORS preflight: no version, no credentials
            return preflight()
        try:
            xreq = x_request(request)
            method = xreq.method
            if versioned:
                check_version(xreq)
            principal = principal_of(xreq) if signed_in else None
            handler = handlers.get("GET" if method == "HEAD" else method)
            if handler is None:
                raise APIError(405, "Method not allowed.", Allow=", ".join(allowed))
            response = handler(xreq, principal)
        except StatementInvalid as error:
            response = error_response(APIError(400, error.message, error.field))
        except APIError as error:
            response = error_response(error)
        return _finish(method, response)

    return view


@login_not_required
@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Any path under /xapi/ that is no resource: JSON, never a page or a sign-in."""
    response = error_response(APIError(404, "There is no such xAPI resource.", "path"))
    return _finish(request.method, response)
