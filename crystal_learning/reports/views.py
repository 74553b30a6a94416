"""The dashboards: a supervisor's "My teams" and the training manager's coverage."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crystal_learning.audit import export_audit
from crystal_learning.people.models import Team
from crystal_learning.people.roles import TRAINING_MANAGER, has_role
from crystal_learning.people.selectors import line_above, supervised_team_ids
from crystal_learning.programmes.models import Assignment
from crystal_learning.programmes.reminders import (
    ReminderForbidden,
    ReminderRefused,
    manual_reminder_send,
)
from crystal_learning.programmes.selectors import team_nominations
from crystal_learning.victim_care.selectors import latest_compliance_month
from crystal_learning.victim_care.supervision_selectors import (
    recent_checks,
    ring_backs_due,
)

from .abstraction_load import abstraction_load
from .compliance_chart import (
    attach_compliance,
    compliance_figures,
    training_and_compliance,
)
from .coverage import programme_coverage
from .exports import (
    CONTENT_TYPES,
    dataset_download,
    matrix_csv_download,
    matrix_dataset,
)
from .forecast import forecast, planned_completions
from .forms import AbstractionFilterForm, CoverageFilterForm, MatrixFilterForm
from .matrix import programmes_of_teams, team_matrix
from .trend import coverage_trend

#: Teams shown on the coverage page before an area is chosen.
TEAMS_SHOWN = 50
#: People per page of the supervisor's matrix.
MATRIX_PAGE_SIZE = 100
#: Ring-backs due listed on My teams (the count says how many in all).
RING_BACKS_SHOWN = 25


def _supervised(request: HttpRequest) -> frozenset[int]:
    team_ids = supervised_team_ids(user=request.user)
    if not team_ids:
        raise PermissionDenied(_("You do not supervise a team."))
    return team_ids


def _matrix_context(request: HttpRequest):
    """The filter form and, when it is valid, the matrix (400 otherwise)."""
    team_ids = _supervised(request)
    teams = list(Team.objects.filter(pk__in=team_ids).order_by("path"))
    programmes = programmes_of_teams(team_ids)
    form = MatrixFilterForm(request.GET or None, programmes=programmes, teams=teams)
    context = {"form": form, "teams": teams, "programmes": programmes, "matrix": None}
    if request.GET and not form.is_valid():
        return context, 400
    data = form.cleaned_data if form.is_bound else {}
    programme = data.get("programme") or (programmes[0] if programmes else None)
    if programme is None:
        return context, 200
    chosen = data.get("team")
    scope = (
        frozenset(t.pk for t in teams if t.path.startswith(_path(teams, chosen)))
        if chosen
        else team_ids
    )
    context["programme"] = programme
    sender = getattr(request.user, "person", None)
    # Themselves and the people above them get no reminder button (refused anyway).
    context["not_remindable"] = line_above(person=sender) if sender else frozenset()
    context["matrix"] = team_matrix(
        programme=programme,
        team_ids=scope,
        as_of=timezone.localdate(),
        status=data.get("status") or "",
        search=(data.get("q") or "").strip(),
    )
    query = {k: v for k, v in (data or {}).items() if v}
    query["programme"] = programme.pk
    if "team" in query:
        query["team"] = chosen
    context["query"] = urlencode(query)
    return context, 200


def _path(teams: list[Team], team_id: int) -> str:
    return next(t.path for t in teams if t.pk == team_id)


def my_teams(request: HttpRequest) -> HttpResponse:
    """Members x requirements for the teams the user supervises (a page of
    MATRIX_PAGE_SIZE at a time; the exports hold everyone)."""
    context, status = _matrix_context(request)
    if context["matrix"] is not None:
        # Counted and ordered in the database; cells built for this page only.
        paginator = Paginator(context["matrix"].assignments, MATRIX_PAGE_SIZE)
        paginator.count = context["matrix"].count()  # not the ordered query's
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = context["matrix"].rows(list(page.object_list))
        context["page"] = page
        context["page_range"] = paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        )
    context.update(_victim_care(request))
    return render(request, "crystal_reports/my_teams.html", context, status=status)


def _victim_care(request: HttpRequest) -> dict:
    """My teams' victim care checks: ring-backs due, the latest checks, and the
    refreshers rules assigned (with why)."""
    supervisor = getattr(request.user, "person", None)
    if supervisor is None:
        return {}
    team_ids = _supervised(request)
    due = ring_backs_due(
        supervisor=supervisor, team_ids=team_ids, today=timezone.localdate()
    )
    return {
        "victim_care": True,
        "ring_backs_due": list(due[:RING_BACKS_SHOWN]),
        "ring_backs_due_count": due.count(),
        "checks": recent_checks(team_ids=team_ids),
        "nominations": team_nominations(team_ids=team_ids),
    }


def my_teams_export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in CONTENT_TYPES:
        raise Http404("Export as csv or xlsx.")
    context, status = _matrix_context(request)
    if status != 200 or context["matrix"] is None:
        return render(request, "crystal_reports/my_teams.html", context, status=400)
    matrix = context["matrix"]
    name = f"{matrix.programme.name}-my-teams-{timezone.localdate():%Y-%m-%d}"
    export_audit(
        request,
        report=f"My teams: {matrix.programme.name}",
        kind=kind,
        rows=matrix.count(),
    )
    if kind == "csv":
        return matrix_csv_download(matrix, name=name)
    return dataset_download(matrix_dataset(matrix), name=name, kind=kind)


@require_POST
def remind(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Send one member a reminder (their supervisors only; logged; limited)."""
    team_ids = _supervised(request)
    assignment = get_object_or_404(
        Assignment.objects.current().select_related("person__user", "programme"),
        pk=assignment_id,
    )
    if assignment.person.team_id not in team_ids:
        raise Http404("No such assignment.")  # not even that it exists
    sender = getattr(request.user, "person", None)
    if sender is None:
        raise PermissionDenied(_("Only a person with a record can send reminders."))
    try:
        manual_reminder_send(assignment=assignment, sender=sender)
    except ReminderForbidden as refused:
        raise PermissionDenied(str(refused)) from None
    except ReminderRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Reminder sent to %(name)s.") % {"name": assignment.person.display_name},
        )
    back = request.POST.get("next", "")
    if not back.startswith(reverse("crystal_reports:my_teams")):
        back = reverse("crystal_reports:my_teams")
    return redirect(back)


def coverage(request: HttpRequest) -> HttpResponse:
    """A programme's coverage for training managers: by area and team, forecast,
    trend, abstraction per team per week."""
    if not has_role(request.user, TRAINING_MANAGER):
        raise PermissionDenied(_("Coverage is for training managers."))
    form = CoverageFilterForm(request.GET or None)
    context: dict = {"form": form}
    if request.GET and not form.is_valid():
        return render(request, "crystal_reports/coverage.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    programme = data.get("programme") or form.fields["programme"].queryset.first()
    if programme is None:
        return render(request, "crystal_reports/coverage.html", context)
    today = timezone.localdate()
    area = data.get("area")
    report = programme_coverage(programme=programme, as_of=today, area=area)
    teams = report.teams if area else report.teams[:TEAMS_SHOWN]
    trend = coverage_trend(programme=programme, as_of=today, area=area)
    compliance_month = latest_compliance_month(today)
    compliance = compliance_figures(trend=trend, today=today)  # chart and teams
    attach_compliance(teams, compliance_month, compliance)
    outlook = forecast(
        total=report.total,
        planned=planned_completions(programme=programme, as_of=today, area=area),
        as_of=today,
    )
    context.update(
        programme=programme,
        area=area,
        report=report,
        teams=teams,
        teams_hidden=len(report.teams) - len(teams),
        trend=trend,
        forecast=outlook,
        compliance_month=compliance_month,
        compliance_chart=training_and_compliance(
            trend=trend, today=today, area=area, figures=compliance
        ),
        chart_data={
            "trend": {
                "labels": [f"{p.month:%b %Y}" for p in trend],
                "values": [p.percent for p in trend],
            },
            "areas": {
                "labels": [a.name or _("No area") for a in report.areas],
                "values": [a.percent or 0 for a in report.areas],
            },
        },
    )
    return render(request, "crystal_reports/coverage.html", context)


def abstraction(request: HttpRequest) -> HttpResponse:
    """People and hours in training per team per week against the daily cap,
    for training managers (all programmes' sessions)."""
    if not has_role(request.user, TRAINING_MANAGER):
        raise PermissionDenied(_("Abstraction is for training managers."))
    form = AbstractionFilterForm(request.GET or None)
    context: dict = {"form": form}
    if request.GET and not form.is_valid():
        return render(request, "crystal_reports/abstraction.html", context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    area = data.get("area")
    weeks, loads = abstraction_load(
        start=data.get("weeks_from") or timezone.localdate(), weeks=8, area=area
    )
    context.update(
        area=area,
        weeks=weeks,
        loads=loads if area else loads[:TEAMS_SHOWN],
        loads_hidden=0 if area else max(0, len(loads) - TEAMS_SHOWN),
    )
    return render(request, "crystal_reports/abstraction.html", context)
