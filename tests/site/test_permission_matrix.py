"""Every URL of the site, requested by every role and by an anonymous visitor.

One table declares what each of them gets. A URL the site serves that the
table does not list fails the test, and so does a table row for a URL the
site no longer has: a new view cannot be added without deciding who may use
it.

Expectations: a status code, or
- LOGIN: redirected to the sign-in page (not signed in, or no admin access);
- REFUSED: a 403, or Wagtail's refusal (a redirect to the admin dashboard
  with a message);
- ALLOWED: let in: the page (200), or 404 for a made-up id, or 405 for a
  GET on a POST-only action; never a refusal or a server error.
Routes with ids are requested with real objects where a role may see them
and with made-up ids (999999) elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.urls import URLPattern
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Site, Task, Workflow
from wagtail_factories import ImageFactory
from wagtailmedia.models import get_media_model

from crystal_learning.people.models import (
    Absence,
    PeopleImport,
    Person,
    ShiftPattern,
    Team,
)
from crystal_learning.people.selectors import line_above
from crystal_learning.programmes.models import (
    Assignment,
    Certificate,
    Programme,
    ReminderLog,
)
from crystal_learning.scheduling.models import AbstractionPolicy, DraftPlan
from crystal_learning.scheduling.services import calendar_feed_create
from crystal_learning.victim_care.models import DipSample, RingBack
from crystal_learning.xapi.forwarding.models import LRSEndpoint
from crystal_learning.xapi.services import credential_create
from modules.models import PackageUpload, ResourcePage, TilePage, VideoModulePage
from quizzes.models import QuizPage
from tests.programmes.helpers import complete_everything
from tests.scheduling.factories import briefing
from tests.site.helpers import routes

pytestmark = pytest.mark.django_db

LOGIN = "login"
REFUSED = "refused"
ALLOWED = "allowed"
ROLES = ("anonymous", "officer", "sergeant", "manager", "editor", "admin")
MADE_UP = 999999


def view_module(pattern: URLPattern) -> str:
    view = pattern.callback
    return getattr(getattr(view, "view_class", None), "__module__", None) or getattr(
        view, "__module__", ""
    )


@pytest.fixture
def world(demo_site):
    officer = Person.objects.get(user__username="officer")
    sergeant = Person.objects.get(user__username="sergeant")
    complete_everything(officer)
    session = briefing()
    team = officer.team
    member = (
        Assignment.objects.filter(person__team=team, ended_on__isnull=True)
        .exclude(person=officer)
        # Not the sergeant, nor anyone up their line: reminders go down it.
        .exclude(person_id__in=line_above(person=sergeant))
        .first()
    )
    outsider = (
        Assignment.objects.exclude(person__team__in=sergeant.supervises.all())
        .filter(ended_on__isnull=True)
        .first()
    )
    User.objects.create_superuser("admin", "admin@example.org", "crystal-demo")
    certificate = Certificate.objects.get(person=officer)
    tile = TilePage.objects.live().first()
    draft = tile.add_child(
        instance=ResourcePage(title="Draft guide", slug="draft-guide", live=False)
    )
    return SimpleNamespace(
        **{
            "officer": officer,
            "sergeant": sergeant,
            "team": team,
            "certificate": certificate,
            "feed": calendar_feed_create(person=officer),
            "session": session,
            "member": member,
            "outsider": outsider,
            "programme": Programme.objects.get(name="Op Crystal core"),
            "home": TilePage.objects.live().first().get_parent(),
            "tile": tile,
            "draft": draft,
            "video": VideoModulePage.objects.live().first(),
            "quiz": QuizPage.objects.live().first(),
            "document": get_document_model().objects.first(),
            "media": get_media_model().objects.first(),
            "collection": Collection.objects.filter(depth__gt=1).first(),
            "image": ImageFactory(
                collection=Collection.objects.filter(depth__gt=1).first()
            ),
            "workflow": Workflow.objects.first(),
            "task": Task.objects.first(),
            "group": Group.objects.get(name="Learner"),
            "site": Site.objects.first(),
            "redirect": Redirect.objects.create(
                old_path="/old-training", redirect_link="/my-training/"
            ),
            "absence": Absence.objects.filter(person__team=team).first()
            or Absence.objects.first(),
            "pattern": ShiftPattern.objects.first(),
            "policy": AbstractionPolicy.objects.create(
                team=Team.objects.exclude(abstraction_policy__isnull=False)
                .filter(members__isnull=False)
                .first(),
                cap_share=Decimal("0.2"),
            ),
            "people_import": PeopleImport.objects.create(
                filename="hr.csv", csv_text="staff_number\\n"
            ),
            "endpoint": LRSEndpoint.objects.create(
                name="Test LRS", url="http://127.0.0.1:9/xapi/"
            ),
            "credential": credential_create(
                name="Test tool", secret="a-long-enough-secret", scopes=["all"]
            ),
            "locale": Locale.objects.get(language_code="cy"),
            "plan": DraftPlan.objects.create(
                requirement=session.requirement,
                starts_on=timezone.localdate(),
                ends_on=timezone.localdate() + timedelta(days=30),
                created_at=timezone.now(),
            ),
        }
    )


#: The object a route's first id names, by the route's start (longest first).
REAL_IDS = {
    "admin/locales/": "locale",
    "admin/pages/": "video",
    "admin/choose-page/": "tile",
    "admin/collections/": "collection",
    "admin/workflows/tasks/": "task",
    "admin/workflows/task_chooser/": "task",
    "admin/workflows/remove/": "video",
    "admin/workflows/": "workflow",
    "admin/documents/": "document",
    "admin/images/": "image",
    "admin/media/": "media",
    "admin/users/": "officer.user",
    "admin/groups/": "group",
    "admin/sites/": "site",
    "admin/redirects/": "redirect",
    "admin/forms/": "video",
    "admin/crystal_people_person/": "officer",
    "admin/crystal_people_team/": "team",
    "admin/crystal_people_shiftpattern/": "pattern",
    "admin/crystal_people_absence/": "absence",
    "admin/crystal_xapi_credential/": "credential",
    "admin/crystal_xapi_endpoint/": "endpoint",
    "admin/xapi-forwarding/": "endpoint",
    "admin/programmes/": "programme",
    "admin/training_sessions/": "session",
    "admin/abstraction_policies/": "policy",
    "admin/people-import/": "people_import",
    "admin/plans/": "plan",
    "documents/": "document",
}

#: Arguments by name (the rest: first id from REAL_IDS, others made up).
NAMED = {
    "content_type_app_name": "crystal_modules",
    "content_type_model_name": "videomodulepage",
    "app_label": "crystal_people",
    "model_name": "person",
    "app_name": "crystal_people",
    "certificate_uuid": lambda w: w.certificate.uuid,
    "session_uuid": lambda w: w.session.uuid,
    "token": lambda w: w.feed.token,
    "assignment_id": lambda w: w.member.pk,
    "parent_page_id": lambda w: w.tile.pk,
    "destination_id": lambda w: w.tile.pk,
    "page_view_restriction_id": MADE_UP,
    "restriction_id": MADE_UP,
    "kind": "csv",
}


def resolve_object(world: SimpleNamespace, dotted: str):
    value = world
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def built_url(world: SimpleNamespace, route: str, pattern: URLPattern) -> str | None:
    """The route with real arguments where they matter, made-up ones elsewhere;
    None for a regular-expression route (the table gives its URL)."""
    if "^" in route or "(" in route:
        return None
    converters = pattern.pattern.converters
    real = next(
        (
            REAL_IDS[p]
            for p in sorted(REAL_IDS, key=len, reverse=True)
            if route.startswith(p)
        ),
        None,
    )
    url = route
    first_id = True
    for name, converter in converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        if name in NAMED:
            value = NAMED[name]
            value = value(world) if callable(value) else value
        elif kind == "int" and first_id and real:
            value = resolve_object(world, real).pk
            first_id = False
        elif kind == "uuid":
            value = "00000000-0000-4000-8000-000000000000"
        else:
            value = MADE_UP
        url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
    return "/" + url


def request_as(
    client, role: str, url: str, method: str = "GET", data=None, headers=None
):
    client.logout()
    if role != "anonymous":
        client.force_login(User.objects.get(username=role))
    call = client.post if method == "POST" else client.get
    return call(url, data or {}, **(headers or {}))


def outcome(response) -> str:
    status = response.status_code
    location = response.get("Location", "") if status in (301, 302) else ""
    if location.startswith(("/accounts/sign-in/", "/admin/login/")):
        return LOGIN
    if location == "/admin/" or status == 403:
        return REFUSED
    return str(status)


def satisfied(expected, got: str) -> bool:
    if expected == ALLOWED:
        return got not in (LOGIN, REFUSED) and not got.startswith("5")
    return str(expected) == got


L, R, A = LOGIN, REFUSED, ALLOWED
COMPARE = (
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/"
    "(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$"
)
#: Expectations in ROLES order: anonymous, officer, sergeant, manager, editor, admin.
SIGNED_IN = (L, 200, 200, 200, 200, 200)
ADMIN_USERS = (L, L, L, A, A, A)  # anyone with the admin (choosers, dashboard)
CONTENT = (L, L, L, R, A, A)  # content editors: pages, documents, images, media
FORCE = (L, L, L, A, R, A)  # training managers: people, programmes, sessions
SUPERUSER = (L, L, L, R, R, A)  # administrators only
NOBODY_SIGNED_IN = (L, L, L, L, L, L)  # always sent to the one sign-in page


@dataclass(frozen=True)
class Case:
    expect: tuple
    url: object = None  # None: built from the route; str or callable(world)
    method: str = "GET"
    data: dict | None = None
    headers: dict | None = None
    why: str = ""


def case(expect, url=None, **kwargs) -> Case:
    return Case(expect=expect, url=url, **kwargs)


def page_url(name: str, suffix: str = ""):
    return lambda w: getattr(w, name).url + suffix


XAPI = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
SELF_AGENT = (
    '{"account":{"homePage":"https://learning.example.police.uk","name":"__SELF__"}}'
)
OTHER_AGENT = (
    '{"account":{"homePage":"https://learning.example.police.uk","name":"__OTHER__"}}'
)

#: Route (exact) or prefix ending in "*" -> what each role gets. Exact routes
#: win over prefixes; the longest prefix wins over shorter ones.
TABLE: dict[str, list[Case]] = {
    # ---------------------------------------------------------------- public
    "accounts/sign-in/": [
        case((200, 302, 302, 302, 302, 302)),
        case(
            (200, R, R, 302, 302, 302),
            url="/accounts/sign-in/?next=/admin/pages/",
            why="Wagtail sends people without the admin here: refused, not a loop",
        ),
    ],
    "accounts/sign-out/": [
        case((L, 405, 405, 405, 405, 405)),
        case(NOBODY_SIGNED_IN, method="POST", why="signed out, at the sign-in page"),
    ],
    "accounts/force/": [case((404,) * 6, why="single sign-on not configured")],
    "accounts/language/": [
        case((302,) * 6, why="a GET changes nothing and goes back"),
        case(
            (302,) * 6,
            method="POST",
            data={"language": "cy", "next": "/"},
            why="Cymraeg / English is for everyone, signed in or not",
        ),
    ],
    "accounts/oidc/callback/": [case((404,) * 6, why="single sign-on off")],
    "health/": [case((200,) * 6)],
    "favicon.ico": [case((302,) * 6, why="the site's icon, for anyone")],
    "admin/login/": [case(NOBODY_SIGNED_IN)],
    "_util/login/": [case(NOBODY_SIGNED_IN)],
    "^((?:[\\w\\-]+/)*)$": [
        case(SIGNED_IN, "/"),
        case(SIGNED_IN, page_url("tile")),
        case(SIGNED_IN, page_url("video")),
        case(
            (L, 200, 200, 200, 200, R),
            page_url("quiz"),
            why="a quiz needs a person's record",
        ),
        case((L, 404, 404, 404, 404, 404), "/no-such-page/"),
        case((L, 404, 404, 404, 404, 404), page_url("draft")),
    ],
    "documents/^(\\d+)/(.*)$": [
        case(
            SIGNED_IN,
            lambda w: f"/documents/{w.document.pk}/{w.document.filename}",
        ),
        case((L, 404, 404, 404, 404, 404), "/documents/999999/none.pdf"),
    ],
    "documents/authenticate_with_password/<int:restriction_id>/": [
        case((L, 404, 404, 404, 404, 404))
    ],
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": [
        case((L, 404, 404, 404, 404, 404))
    ],
    "^media/(?!packages/)(?P<path>.*)$": [
        case(SIGNED_IN, lambda w: w.media.file.url),
        case((L, 404, 404, 404, 404, 404), "/media/../crystal.sqlite3"),
        case(
            (404,) * 6,
            "/media/packages/any/index.html",
            why="extracted packages only through /packages/run/ (sandboxed)",
        ),
    ],
    # -------------------------------------------------------------- learners
    "my-training/": [case(SIGNED_IN)],
    # Their own reminder setting: the record is the signed-in person's (none
    # for the administrator), never one the request names.
    "my-training/reminders/": [
        case((L, 405, 405, 405, 405, 405)),
        case(
            (L, 302, 302, 302, 302, 404), method="POST", data={"reminders": "any_day"}
        ),
    ],
    # The officer's own certificate: themselves, their sergeant, managers.
    "my-training/certificates/<uuid:certificate_uuid>/": [
        case((L, 200, 200, 200, 404, 200))
    ],
    "my-training/certificates/<uuid:certificate_uuid>/pdf/": [
        case((L, 200, 200, 200, 404, 200))
    ],
    "quizzes/reviews/": [case((L, R, 200, 200, R, 200))],
    "quizzes/reviews/<int:answer_id>/": [
        case((L, 405, 405, 405, 405, 405)),
        case((L, R, 404, 404, R, 404), method="POST", data={"decision": "accept"}),
    ],
    # ------------------------------------------------------ xAPI and calendars
    "^xapi$": [case((404,) * 6, "/xapi", why="the LRS's, never a page")],
    "xapi/^.*$": [case((404,) * 6, "/xapi/nothing", why="no such resource")],
    "xapi/^about/?$": [case((200,) * 6, "/xapi/about")],
    "xapi/^statements/?$": [
        case((400,) * 6, "/xapi/statements", why="no X-Experience-API-Version header"),
        case(
            (401, 200, 200, 200, 200, 401),
            "/xapi/statements",
            headers={"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"},
            why="a browser session reads its own statements; no record, no session",
        ),
        case(
            (401, R, R, R, R, 401),
            lambda w: "/xapi/statements?agent="
            + '{"account":{"homePage":"https://learning.example.police.uk",'
            + '"name":"__OTHER__"}}',
            headers={"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"},
            why="someone else's statements",
        ),
        case(
            (401, 200, 200, 200, 200, 401),
            lambda w: "/xapi/statements?agent="
            + '{"account":{"homePage":"https://learning.example.police.uk",'
            + '"name":"__SELF__"}}',
            headers={"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"},
            why="their own statements; the administrator has no record",
        ),
    ],
    "xapi/^agents/?$": [
        case(
            (401, 200, 200, 200, 200, 401),
            "/xapi/agents?agent=" + SELF_AGENT,
            headers=XAPI,
            why="a browser session looks up itself",
        ),
        case(
            (401, R, R, R, R, 401),
            "/xapi/agents?agent=" + OTHER_AGENT,
            headers=XAPI,
            why="nobody else",
        ),
    ],
    "xapi/^activities/?$": [
        case(
            (401, 200, 200, 200, 200, 401),
            "/xapi/activities?activityId=https://example.org/course",
            headers=XAPI,
        )
    ],
    "xapi/^activities/state/?$": [
        case(
            (401, 200, 200, 200, 200, 401),
            "/xapi/activities/state?activityId=https://example.org/course&agent="
            + SELF_AGENT,
            headers=XAPI,
            why="their own State documents",
        ),
        case(
            (401, R, R, R, R, 401),
            "/xapi/activities/state?activityId=https://example.org/course&agent="
            + OTHER_AGENT,
            headers=XAPI,
            why="someone else's State documents",
        ),
    ],
    "xapi/^activities/profile/?$": [
        case(
            (401, 200, 200, 200, 200, 401),
            "/xapi/activities/profile?activityId=https://example.org/course",
            headers=XAPI,
            why="activity profiles are read by any signed-in learner",
        )
    ],
    "xapi/^agents/profile/?$": [
        case(
            (401, 200, 200, 200, 200, 401),
            "/xapi/agents/profile?agent=" + SELF_AGENT,
            headers=XAPI,
        ),
        case(
            (401, R, R, R, R, 401),
            "/xapi/agents/profile?agent=" + OTHER_AGENT,
            headers=XAPI,
        ),
    ],
    # The person's feed answers to its secret token, signed in or not.
    "calendar/<str:token>.ics": [
        case((200,) * 6),
        case((404,) * 6, "/calendar/not-a-real-token.ics"),
    ],
    "calendar/sessions/<uuid:session_uuid>.ics": [case((L, 404, 404, 200, 404, 200))],
    "calendar/create/": [
        case((L, 405, 405, 405, 405, 405)),
        case((L, 302, 302, 302, 302, 404), method="POST"),
    ],
    "calendar/revoke/": [
        case((L, 405, 405, 405, 405, 405)),
        case((L, 302, 302, 302, 302, 404), method="POST"),
    ],
    # -------------------------------------- guides, leaflets and vlogs opened
    "resources/<str:kind>/<int:pk>/": [
        case(
            (L, 302, 302, 302, 302, 302),
            lambda w: f"/resources/document/{w.document.pk}/",
            why="recorded for whoever opens it, then the file",
        ),
        case(
            (L, R, R, R, R, R),
            lambda w: f"/resources/document/{w.document.pk}/?person={w.officer.pk}",
            why="nobody records a viewing for someone else",
        ),
        case((L, 404, 404, 404, 404, 404), "/resources/form/1/", why="not a kind"),
        case(
            (L, 405, 405, 405, 405, 405),
            lambda w: f"/resources/document/{w.document.pk}/",
            method="POST",
        ),
    ],
    # ----------------------------------------------------- package modules
    "packages/launch/<int:page_id>/<int:unit_index>/": [
        case((L, 405, 405, 405, 405, 405), f"/packages/launch/{MADE_UP}/0/"),
        case(
            (L, 404, 404, 404, 404, R),
            f"/packages/launch/{MADE_UP}/0/",
            method="POST",
            why="no such package module; an administrator is no learner",
        ),
    ],
    "packages/player/<uuid:launch_id>/": [
        case(
            (L, 404, 404, 404, 404, 404),
            "/packages/player/00000000-0000-4000-8000-000000000000/",
            why="only the person's own launch, from their session",
        )
    ],
    # The page cmi5 content returns to, inside the sandboxed (cookie-less) frame.
    "packages/finished/<uuid:launch_id>/": [
        case((200,) * 6, "/packages/finished/00000000-0000-4000-8000-000000000000/")
    ],
    # Package files answer to the signed launch token only (no cookie there).
    "packages/^run/(?P<token>[^/]+)/(?P<path>.*)$": [
        case((404,) * 6, "/packages/run/not-a-token/index.html")
    ],
    "packages/cmi5/fetch/<uuid:launch_id>/": [
        case((405,) * 6, "/packages/cmi5/fetch/00000000-0000-4000-8000-000000000000/"),
        case(
            (200,) * 6,
            "/packages/cmi5/fetch/00000000-0000-4000-8000-000000000000/",
            method="POST",
            why="cmi5 answers errors as 200 with an error-code (here 2)",
        ),
    ],
    "packages/scorm/<str:token>/commit": [
        case((R,) * 6, "/packages/scorm/not-a-token/commit", method="POST")
    ],
    # ------------------------------------------------------------ supervisors
    "reports/my-teams/": [case((L, R, 200, R, R, R))],
    "reports/my-teams/export.<str:kind>": [
        case((L, R, 200, R, R, R)),
        case((L, 404, 404, 404, 404, 404), "/reports/my-teams/export.pdf"),
    ],
    "reports/my-teams/remind/<int:assignment_id>/": [
        case((L, 405, 405, 405, 405, 405)),
        case((L, R, 302, R, R, R), method="POST"),
        case(
            (L, R, 404, R, R, R),
            lambda w: f"/reports/my-teams/remind/{w.outsider.pk}/",
            method="POST",
            why="another team's member: not even found",
        ),
    ],
    # A supervisor's victim care checks: their teams' crimes only (tests/victim_care).
    "reports/my-teams/ring-back/": [
        case((L, R, 200, R, R, R)),
        case((L, R, 400, R, R, R), method="POST", why="an empty form: its errors"),
    ],
    "reports/my-teams/dip-sample/": [
        case((L, R, 200, R, R, R)),
        case((L, R, 400, R, R, R), method="POST", why="an empty form: its errors"),
    ],
    # ------------------------------------------------------- training managers
    "reports/coverage/": [case((L, R, R, 200, R, 200))],
    "reports/abstraction/": [case((L, R, R, 200, R, 200))],
    "admin/reports/training/*": [case(FORCE)],
    "admin/people-import/*": [case(FORCE)],
    "admin/people-import/<int:pk>/apply/": [
        case((L, L, L, 405, R, 405)),
        case((L, L, L, 302, R, 302), method="POST"),
    ],
    "admin/victim-care/*": [case(FORCE)],
    "admin/victim-care/import/<int:pk>/apply/": [
        case((L, L, L, 405, R, 405)),
        case((L, L, L, 404, R, 404), method="POST", why="no such import"),
    ],
    "admin/plans/*": [case(FORCE)],
    "admin/plans/<int:pk>/publish/": [
        case((L, L, L, 405, 405, 405)),
        case(
            (L, L, L, 302, R, 302),
            method="POST",
            why="refused with a message: no result",
        ),
    ],
    "admin/crystal_people_person/*": [case(FORCE)],
    # The person chooser (a session's trainer): those who may see people.
    "admin/crystal_people_person_chooser/*": [case(FORCE)],
    "admin/crystal_people_team/*": [case(FORCE)],
    "admin/crystal_people_shiftpattern/*": [case(FORCE)],
    "admin/crystal_people_absence/*": [case(FORCE)],
    "admin/programmes/*": [case(FORCE)],
    # Waiving a cmi5 unit for a person: those who manage programmes.
    "admin/packages/waive/": [case(FORCE)],
    # Uploading a package zip and following its unpacking: content editors.
    "admin/packages/upload/": [
        case(CONTENT),
        case((L, L, L, R, 400, 400), method="POST", why="no file: a field error"),
    ],
    "admin/packages/upload/*": [case(CONTENT)],
    "admin/training_sessions/*": [case(FORCE)],
    "admin/abstraction_policies/*": [case(FORCE)],
    # Deleting people, teams, patterns, programmes and sessions: administrators
    # (their history matters); managers end assignments and deactivate people.
    "admin/crystal_people_person/delete/<int:pk>/": [case(SUPERUSER)],
    "admin/crystal_people_team/delete/<int:pk>/": [case(SUPERUSER)],
    "admin/crystal_people_shiftpattern/delete/<int:pk>/": [case(SUPERUSER)],
    "admin/programmes/delete/<int:pk>/": [case(SUPERUSER)],
    "admin/training_sessions/delete/<int:pk>/": [case(SUPERUSER)],
    "admin/reports/quiz-items/*": [case((L, L, L, 200, 200, 200))],
    # ---------------------------------------------------------- administrators
    "admin/personal-data/": [case(SUPERUSER)],
    "admin/personal-data/erase/": [
        case((L, L, L, 405, 405, 405)),
        case((L, L, L, R, R, 400), method="POST", why="no confirmation given"),
    ],
    "admin/crystal_xapi_credential/*": [case(SUPERUSER)],
    "admin/crystal_xapi_endpoint/*": [case(SUPERUSER)],
    "admin/xapi-forwarding/*": [case(SUPERUSER)],
    "admin/xapi-forwarding/retry/": [
        case((L, L, L, R, R, 405)),
        case((L, L, L, R, R, 302), method="POST"),
    ],
    "admin/users/*": [case(SUPERUSER)],
    "admin/groups/*": [case(SUPERUSER)],
    "admin/sites/*": [case(SUPERUSER)],
    "admin/collections/*": [case(SUPERUSER)],
    "admin/collections/<int:pk>/delete/": [case((L, L, L, 404, 404, A))],
    "admin/workflows/*": [case(SUPERUSER)],
    "admin/workflows/enable/<int:pk>/": [case(ADMIN_USERS, why="POST only")],
    "admin/workflows/remove/*": [case(ADMIN_USERS, why="POST only")],
    "admin/workflows/tasks/enable/<int:pk>/": [case(ADMIN_USERS, why="POST only")],
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": [
        case(ADMIN_USERS, why="not a task type")
    ],
    "admin/redirects/*": [case(SUPERUSER)],
    "admin/snippets/": [case((L, L, L, R, R, R), why="no snippet models")],
    # ---------------------------------------------------------- content editors
    "admin/pages/*": [case(CONTENT)],
    # Wagtail's page screens that answer before they check (the action itself is
    # refused): POST-only actions (405), made-up ids and types (404), a
    # confirmation page, a redirect to the page history.
    "admin/pages/create/<slug:app_label>/<slug:model_name>": [case(ADMIN_USERS)],
    "admin/pages/<int:page_id>/convert_alias/": [case(ADMIN_USERS, why="no alias")],
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": [
        case(ADMIN_USERS),
        case((L, L, L, R, A, A), method="POST"),
    ],
    "admin/pages/<int:page_to_move_id>/set_position/": [case(ADMIN_USERS)],
    "admin/pages/<int:page_id>/lock/": [case(ADMIN_USERS)],
    "admin/pages/<int:page_id>/unlock/": [case(ADMIN_USERS)],
    "admin/pages/<int:page_id>/revisions/": [case(ADMIN_USERS)],
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": [
        case(ADMIN_USERS)
    ],
    "admin/pages/workflow/*": [case(ADMIN_USERS)],
    "admin/documents/*": [case(CONTENT)],
    "admin/images/*": [case(CONTENT)],
    "admin/media/*": [case(CONTENT)],
    "admin/forms/*": [case(CONTENT)],
    "admin/forms/submissions/*": [case(ADMIN_USERS, why="not a form page: 404")],
    "admin/forms/submissions/<int:page_id>/delete/": [case((L, L, L, R, R, R))],
    "admin/documents/multiple/*": [case(ADMIN_USERS, why="POST only")],
    "admin/images/multiple/*": [case(ADMIN_USERS, why="POST only")],
    "admin/documents/multiple/add/": [case(CONTENT)],
    "admin/images/multiple/add/": [case(CONTENT)],
    "admin/reports/*": [case(CONTENT)],
    "admin/reports/site-history/*": [case(ADMIN_USERS, why="each sees what they may")],
    COMPARE: [
        case(
            CONTENT,
            lambda w: f"/admin/pages/{w.video.pk}/revisions/compare/earliest...live/",
        )
    ],
    "admin/media/^(?P<media_type>audio|video|media)/add/$": [
        case(CONTENT, "/admin/media/video/add/")
    ],
    "admin/media/^(?P<media_type>audio|video)/chooser/upload/$": [
        case(CONTENT, "/admin/media/video/chooser/upload/")
    ],
    # --------------------------------------------------- anyone in the admin
    "admin/": [case(ADMIN_USERS)],
    "admin/account/": [case(ADMIN_USERS)],
    "admin/logout/": [case(ADMIN_USERS)],
    "admin/dismissibles/": [case(ADMIN_USERS)],
    "admin/test404/": [case(ADMIN_USERS)],
    "admin/^.*/$": [case(ADMIN_USERS, "/admin/no-such-screen/")],
    "admin/failwhale/": [
        case((L, L, L, 500, 500, 500), why="Wagtail's deliberate error page")
    ],
    "admin/choose-*": [case(ADMIN_USERS)],
    "admin/tag-autocomplete/*": [case(ADMIN_USERS)],
    "admin/embeds/*": [case(ADMIN_USERS)],
    "admin/bulk/*": [case(ADMIN_USERS)],
    "admin/settings/*": [case(ADMIN_USERS)],
    "admin/editing-sessions/*": [case(ADMIN_USERS)],
    "admin/block-preview/": [case(ADMIN_USERS)],
    "admin/workflows/task_chooser/*": [case(ADMIN_USERS)],
    "admin/documents/chooser/*": [case(ADMIN_USERS)],
    "admin/images/chooser/*": [case(ADMIN_USERS)],
    "admin/media/chooser/*": [case(ADMIN_USERS)],
    "admin/documents/chooser/create/": [case(CONTENT)],
    "admin/images/chooser/create/": [case(CONTENT)],
    "admin/images/chooser/<int:image_id>/select_format/": [case(CONTENT)],
    "admin/media/chooser/<int:media_id>/": [case(CONTENT)],
    "admin/media/chooser/(?P<media_type>audio|video)/": [
        case(ADMIN_USERS, "/admin/media/chooser/video/")
    ],
    "admin/api/main/^pages/": [case(ADMIN_USERS, "/admin/api/main/pages/")],
    "admin/api/main/^pages/<int:pk>/": [
        case(ADMIN_USERS, lambda w: f"/admin/api/main/pages/{w.video.pk}/")
    ],
    "admin/api/main/^pages/find/": [
        case(ADMIN_USERS, "/admin/api/main/pages/find/?html_path=/")
    ],
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": [
        case(ADMIN_USERS, lambda w: f"/admin/api/main/pages/{w.video.pk}/action/copy/")
    ],
    "admin/api/main/^documents/": [case(ADMIN_USERS, "/admin/api/main/documents/")],
    "admin/api/main/^documents/<int:pk>/": [
        case(ADMIN_USERS, lambda w: f"/admin/api/main/documents/{w.document.pk}/")
    ],
    "admin/api/main/^documents/find/": [
        case(ADMIN_USERS, "/admin/api/main/documents/find/?id=1")
    ],
    "admin/api/main/^images/": [case(ADMIN_USERS, "/admin/api/main/images/")],
    "admin/api/main/^images/<int:pk>/": [
        case(ADMIN_USERS, lambda w: f"/admin/api/main/images/{w.image.pk}/")
    ],
    "admin/api/main/^images/find/": [
        case(ADMIN_USERS, "/admin/api/main/images/find/?id=1")
    ],
    # Static helpers of the admin (icons, translations) and Wagtail's password
    # reset (on while password sign-in is on): anyone signed in.
    # wagtail-localize (Welsh pages, docs/welsh.md): content editors translate;
    # a made-up id is not found for anyone with the admin. Locales: admins.
    "admin/localize/*": [case(ADMIN_USERS)],
    "admin/localize/submit/*": [case(CONTENT)],
    "admin/localize/update/<int:translation_source_id>/": [case(CONTENT)],
    "admin/locales/*": [case(SUPERUSER)],
    "admin/sprite/": [case(SIGNED_IN)],
    "admin/jsi18n/": [case(SIGNED_IN)],
    "admin/password_reset/*": [case(SIGNED_IN)],
}


def rule_for(route: str) -> str | None:
    if route in TABLE:
        return route
    prefixes = [k[:-1] for k in TABLE if k.endswith("*") and route.startswith(k[:-1])]
    return max(prefixes, key=len) + "*" if prefixes else None


def test_every_url_is_in_the_table_and_every_row_is_a_url():
    served = [route for route, _pattern in routes()]
    missing = [route for route in served if rule_for(route) is None]
    assert missing == [], "Add these URLs to TABLE: who may use them?"
    used = {rule_for(route) for route in served}
    assert set(TABLE) - used == set(), "TABLE rows for URLs the site no longer has"


def test_every_role_gets_what_the_table_says(world, client):
    client.raise_request_exception = False
    officer_number = world.officer.staff_number
    failures = []
    requests = 0
    own_numbers = {
        role: Person.objects.filter(user__username=role)
        .values_list("staff_number", flat=True)
        .first()
        or officer_number
        for role in ROLES
    }
    for route, pattern in routes():
        for rule in TABLE[rule_for(route)]:
            if rule.url is None:
                url = built_url(world, route, pattern)
            elif callable(rule.url):
                url = rule.url(world)
            else:
                url = rule.url
            assert url is not None, f"{route} needs a URL in its TABLE row"
            for role, expected in zip(ROLES, rule.expect, strict=True):
                target = url
                own = own_numbers[role]
                target = target.replace("__SELF__", own).replace(
                    "__OTHER__", "S-NOT-" + own
                )
                response = request_as(
                    client, role, target, rule.method, rule.data, rule.headers
                )
                requests += 1
                got = outcome(response)
                if not satisfied(expected, got):
                    failures.append(
                        f"{rule.method} {target} as {role}: expected {expected}, "
                        f"got {got} ({route})"
                    )
    assert failures == [], "\n".join(failures)
    assert requests > 1500


def test_no_change_is_accepted_without_the_csrf_token(world):
    """Every POST above, from a signed-in browser without the page's token."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    posts = {
        "officer": [
            "/accounts/sign-out/",
            "/accounts/language/",
            "/calendar/create/",
            "/calendar/revoke/",
            "/my-training/reminders/",
            "/xapi/statements",
            world.quiz.url + "start/",
        ],
        "sergeant": [
            f"/reports/my-teams/remind/{world.member.pk}/",
            "/reports/my-teams/ring-back/",
            "/reports/my-teams/dip-sample/",
            "/quizzes/reviews/1/",
        ],
        "manager": [
            f"/admin/plans/{world.plan.pk}/publish/",
            f"/admin/people-import/{world.people_import.pk}/apply/",
            f"/admin/crystal_people_person/edit/{world.officer.pk}/",
        ],
        "editor": ["/admin/packages/upload/"],
        "admin": ["/admin/personal-data/erase/", "/admin/xapi-forwarding/retry/"],
    }
    for role, urls in posts.items():
        browser.force_login(User.objects.get(username=role))
        for url in urls:
            response = browser.post(url, {}, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
            assert response.status_code == 403, (role, url, response.status_code)
    # Nothing changed.
    assert PeopleImport.objects.get(pk=world.people_import.pk).status == "previewed"
    assert DraftPlan.objects.get(pk=world.plan.pk).status == DraftPlan.Status.DRAFT
    assert (
        world.officer.calendar_feed.__class__.objects.get(person=world.officer).token
        == world.feed.token
    )
    assert not ReminderLog.objects.filter(kind="manual").exists()
    assert not Person.objects.get(pk=world.officer.pk).reminders_off_duty
    assert not RingBack.objects.exists() and not DipSample.objects.exists()
    assert not PackageUpload.objects.exists()
