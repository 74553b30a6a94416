"""Training managers plan a briefing, or protected e-learning time for any
requirement: draft, preview (heat maps, who could not be placed and why),
publish."""

from __future__ import annotations

from datetime import date, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from crystal_learning.audit import PLAN_PUBLISH, audit
from crystal_learning.people.duty import DutyCode
from crystal_learning.people.models import Person
from crystal_learning.programmes.models import Requirement

from .models import Booking, DraftPlan, TrainingSession
from .planning.instance import SessionTemplate, parse_new_session_key
from .planning.services import plan_create, plan_publish
from .services import BookingRefused

ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HH_MM = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


SLOT_CODES = [
    ("", _lazy("Any training shift")),
    (DutyCode.EARLY.value, _lazy("Inside earlies")),
    (DutyCode.LATE.value, _lazy("Inside lates")),
    (DutyCode.DAY.value, _lazy("Inside day shifts")),
]


class RequirementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.label} ({obj.get_kind_display()}, {obj.programme})"


class PlanForm(forms.Form):
    requirement = RequirementChoice(
        queryset=Requirement.objects.select_related("programme").order_by(
            "programme__name", "sort_order"
        ),
        label=_lazy("Requirement"),
        help_text=_lazy(
            "A briefing: sessions to attend. A module, quiz or package: protected "
            "time on shift to complete it."
        ),
    )
    # A date input takes ISO dates only: the site's own format left it empty.
    starts_on = forms.DateField(label=_lazy("From"), widget=ISO_DATE)
    ends_on = forms.DateField(label=_lazy("To"), widget=ISO_DATE)
    generate = forms.BooleanField(
        required=False,
        label=_lazy("Add sessions from a template where needed"),
        help_text=_lazy(
            "Weekdays at the times below; a session is created only for days the "
            "published plan uses."
        ),
    )
    start = forms.TimeField(initial=time(10, 0), label=_lazy("Starts"), widget=HH_MM)
    end = forms.TimeField(initial=time(12, 0), label=_lazy("Ends"), widget=HH_MM)
    venue = forms.CharField(initial="HQ", max_length=200, label=_lazy("Venue"))
    capacity = forms.IntegerField(
        min_value=1, max_value=500, initial=15, label=_lazy("Capacity")
    )
    duty_code = forms.ChoiceField(
        choices=SLOT_CODES, required=False, label=_lazy("Shift")
    )
    every_day = forms.BooleanField(
        required=False,
        label=_lazy("Every day, weekends too"),
        help_text=_lazy("For teams on shifts; otherwise weekdays only."),
    )
    second_start = forms.TimeField(
        required=False, label=_lazy("Second daily slot: starts"), widget=HH_MM
    )
    second_end = forms.TimeField(
        required=False, label=_lazy("Second daily slot: ends"), widget=HH_MM
    )
    second_duty_code = forms.ChoiceField(
        choices=SLOT_CODES, required=False, label=_lazy("Second daily slot: shift")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        briefings = list(
            self.fields["requirement"].queryset.filter(kind=Requirement.Kind.BRIEFING)[
                :2
            ]
        )
        if len(briefings) == 1:  # the only briefing is the one to plan
            self.fields["requirement"].initial = briefings[0].pk

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on"):
            if data["ends_on"] < data["starts_on"]:
                self.add_error("ends_on", _("The plan ends before it starts."))
            elif (data["ends_on"] - data["starts_on"]).days > 366:
                self.add_error("ends_on", _("Plan at most a year at a time."))
            elif data["starts_on"].year > timezone.localdate().year + 5:
                self.add_error("starts_on", _("Plan within the next five years."))
        start, end = data.get("start"), data.get("end")
        if data.get("generate") and start and end and end <= start:
            self.add_error("end", _("The session ends before it starts."))
        second = data.get("second_start"), data.get("second_end")
        if any(second) and not all(second):
            self.add_error(
                "second_end" if second[0] else "second_start",
                _("Give both times of the second slot, or neither."),
            )
        elif all(second) and second[1] <= second[0]:
            self.add_error("second_end", _("The session ends before it starts."))
        return data

    def templates(self) -> list[SessionTemplate]:
        """The session templates asked for (none unless "generate" is ticked)."""
        data = self.cleaned_data
        if not data["generate"]:
            return []
        slots = [(data["start"], data["end"], data["duty_code"])]
        if data.get("second_start"):
            slots.append(
                (data["second_start"], data["second_end"], data["second_duty_code"])
            )
        return [
            SessionTemplate(
                start=start,
                end=end,
                venue=data["venue"],
                capacity=data["capacity"],
                weekdays_only=not data["every_day"],
                code=code or None,
            )
            for start, end, code in slots
        ]


def _manager(request) -> None:
    if not request.user.has_perm("crystal_scheduling.change_trainingsession"):
        raise PermissionDenied


def plans(request):
    _manager(request)
    today = timezone.localdate()
    form = PlanForm(
        request.POST or None,
        initial={"starts_on": today, "ends_on": today + timedelta(weeks=12)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = plan_create(
            requirement=data["requirement"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            templates=form.templates(),
            by=request.user,
        )
        return redirect("crystal_scheduling_admin:plan", plan.pk)
    return TemplateResponse(
        request,
        "crystal_scheduling/admin/plans.html",
        {
            "form": form,
            "plans": DraftPlan.objects.select_related("requirement__programme")[:20],
        },
    )


UNPLACED_REASONS = {
    "no_roster": _lazy("no shift pattern (neither their team nor they have one)"),
    "always_absent": _lazy("absent on every day of the plan"),
    "no_shift": _lazy("not on a shift with a slot on any day in range"),
    "at_minimum": _lazy(
        "their team (or shift) is at its minimum on every day they could go"
    ),
    "sessions_full": _lazy("every slot they could take is full"),
}
SHIFT_NAMES = {code.value: code.label for code in DutyCode}


def _shift_rows(result: dict, names: dict) -> list[dict]:
    """The shift heat map: per team and shift, each day's strength left against
    the minimum: "below" only when absences alone take it there (a plan
    never does), "full" at the minimum."""
    rows = []
    for row in result.get("shift_map", {}).get("rows", []):
        cells = []
        for cell in row["cells"]:
            if cell is None:
                cells.append(None)
                continue
            left, minimum, training = cell
            state = "empty"
            if minimum is not None:
                state = (
                    "below" if left < minimum else "full" if left == minimum else "some"
                )
            cells.append(
                {"left": left, "min": minimum, "training": training, "class": state}
            )
        rows.append(
            {
                "team": names.get(row["team"], row["team"]),
                "shift": SHIFT_NAMES.get(row["code"], row["code"]),
                "cells": cells,
            }
        )
    return rows


def _cell_class(load: int, cap: int) -> str:
    if cap == 0:
        return "closed"
    if load == 0:
        return "empty"
    return "full" if load >= cap else "some"


def _iso_date(text) -> date | None:
    """A date the stored plan keeps as ISO text, for the page to format."""
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _shown(text: str) -> str:
    """An ISO date as every date on the plan page reads: 14 Dec 2026."""
    day = _iso_date(text)
    return date_format(day, "j M Y") if day else text


def plan_detail(request, pk: int):
    _manager(request)
    plan = get_object_or_404(
        DraftPlan.objects.select_related("requirement__programme"), pk=pk
    )
    result = plan.result
    heat = result.get("heat_map", {"days": [], "rows": []})
    names = result.get("team_names", {})
    rows = [
        {
            "team": names.get(row["team"], row["team"]),
            "cells": [
                {"load": load, "cap": cap, "class": _cell_class(load, cap)}
                for load, cap in row["cells"]
            ],
        }
        for row in heat["rows"]
    ]
    reasons = result.get("unplaced_reasons", {})
    unassigned = [
        (person, UNPLACED_REASONS.get(reasons.get(str(person.pk)), ""))
        for person in Person.objects.filter(
            pk__in=result.get("unassigned", [])
        ).order_by("team__name", "display_name")
    ]
    existing = TrainingSession.objects.in_bulk(
        [s for _p, s in result.get("assignments", []) if isinstance(s, int)]
    )
    per_session: dict = {}
    for _person, session in result.get("assignments", []):
        label = (
            str(existing[session])
            if isinstance(session, int)
            else _new_label(session, result)
        )
        per_session[label] = per_session.get(label, 0) + 1
    return TemplateResponse(
        request,
        "crystal_scheduling/admin/plan.html",
        {
            "plan": plan,
            "result": result,
            "finish_date": _iso_date(result.get("finish_date")),
            "bound_date": _iso_date(result.get("lower_bound_date")),
            "days": [_iso_date(day) for day in heat["days"]],
            "rows": rows,
            "shift_days": [
                _iso_date(day) for day in result.get("shift_map", {}).get("days", [])
            ],
            "shift_rows": _shift_rows(result, names),
            "unassigned": unassigned,
            "per_session": sorted(per_session.items()),
            "moves": _bookings(result.get("move", [])),
            "cancels": _bookings(result.get("cancel", [])),
        },
    )


def _new_label(key: str, result: dict) -> str:
    """A session the plan would create: "New session on 5 Jan 2027, 14:00"."""
    try:
        day, index = parse_new_session_key(key)
        templates = result.get("templates") or [result.get("template") or {}]
        start = templates[index].get("start", "")
    except (ValueError, IndexError, AttributeError):
        return key
    return _("New session on %(day)s %(start)s") % {
        "day": date_format(day, "j M Y"),
        "start": start,
    }


def _bookings(pks: list[int]) -> list[Booking]:
    """Bookings the plan moves or cancels, so the page says whose."""
    return list(
        Booking.objects.filter(pk__in=pks)
        .select_related("person", "session")
        .order_by("person__display_name", "pk")
    )


def published_message(report) -> str:
    """What publishing did, each booking counted once as what happened to it."""
    text = _(
        "Published: %(booked)s booked, %(waitlisted)s waitlisted, %(moved)s moved "
        "to a new session, %(cancelled)s cancelled, %(kept)s already booked and "
        "kept, %(created)s sessions created."
    ) % {
        "booked": report.booked,
        "waitlisted": report.waitlisted,
        "moved": report.moved,
        "cancelled": report.cancelled,
        "kept": report.kept,
        "created": report.created,
    }
    if report.booked or report.moved or report.cancelled:
        text += " " + _("Everyone booked, moved or cancelled has been e-mailed.")
    return text


@require_POST
def plan_publish_view(request, pk: int):
    _manager(request)
    plan = get_object_or_404(DraftPlan, pk=pk)
    try:
        report = plan_publish(plan=plan, by=request.user)
    except BookingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("crystal_scheduling_admin:plan", plan.pk)
    audit(
        plan,
        PLAN_PUBLISH,
        user=request.user,
        booked=report.booked,
        waitlisted=report.waitlisted,
        moved=report.moved,
        cancelled=report.cancelled,
        kept=report.kept,
        created=report.created,
    )
    messages.success(request, published_message(report))
    for problem in report.refused:
        messages.warning(request, problem)
    return redirect("crystal_scheduling_admin:plan", plan.pk)


#: The months the calendar shows (its grid and links stay within Python's dates).
CALENDAR_MONTHS = (date(1900, 1, 1), date(2999, 12, 1))


def _month_asked(request, *, today: date) -> date:
    """The first day of the month in ?month=YYYY-MM, or of this month with a
    message saying why when that is not a month the calendar can show."""
    asked = request.GET.get("month")
    if asked is None:
        return today.replace(day=1)
    try:
        first = date.fromisoformat(f"{asked}-01") if len(asked) == 7 else None
    except ValueError:
        first = None
    earliest, latest = CALENDAR_MONTHS
    if first is not None and earliest <= first <= latest:
        return first
    messages.warning(
        request,
        _(
            "There is no calendar for “%(asked)s”: choose a month between "
            "%(earliest)s and %(latest)s, as YYYY-MM. This is the current month."
        )
        % {
            "asked": asked[:20],
            "earliest": f"{earliest:%Y-%m}",
            "latest": f"{latest:%Y-%m}",
        },
    )
    return today.replace(day=1)


def sessions_calendar(request):
    """A month of sessions as a calendar grid, each with its places taken."""
    import calendar as calendar_module

    if not request.user.has_perm("crystal_scheduling.view_trainingsession"):
        raise PermissionDenied
    today = timezone.localdate()
    first = _month_asked(request, today=today)
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(
        first.year, first.month
    )
    sessions = (
        TrainingSession.objects.filter(date__gte=weeks[0][0], date__lte=weeks[-1][-1])
        .with_places_taken()
        .order_by("date", "start")
    )
    by_day: dict = {}
    for session in sessions:
        by_day.setdefault(session.date, []).append(session)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return TemplateResponse(
        request,
        "crystal_scheduling/admin/calendar.html",
        {
            "month": first,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "today": today,
            "manages": request.user.has_perm(
                "crystal_scheduling.change_trainingsession"
            ),
        },
    )
