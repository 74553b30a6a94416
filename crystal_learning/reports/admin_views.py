"""Wagtail admin reports for training managers: coverage by team, the overdue
list (filters, CSV and XLSX through Wagtail's ReportView), and the monthly
performance review workbook."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from crystal_learning import conf
from crystal_learning.audit import AuditedSpreadsheetExport
from crystal_learning.people.roles import TRAINING_MANAGER, has_role
from crystal_learning.people.selectors import areas
from crystal_learning.programmes.models import Assignment, Programme

from .coverage import programme_coverage
from .exports import download, performance_workbook
from .review import NoSnapshots, performance_review


def may_report(user) -> bool:
    return has_role(user, TRAINING_MANAGER)


class TrainingManagerOnly:
    def dispatch(self, request, *args, **kwargs):
        if not may_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RefuseBadFilters:
    """Wagtail lists everything when a filter is invalid; a report must not."""

    def filter_queryset(self, queryset):
        if self.filters is not None and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def get(self, request, *args, **kwargs):
        if self.is_export and self.filters is not None and not self.filters.is_valid():
            problems = "; ".join(
                f"{self.filters.form.fields[name].label}: {' '.join(errors)}"
                for name, errors in self.filters.form.errors.items()
            )
            return HttpResponse(
                f"Nothing exported. {problems}",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return super().get(request, *args, **kwargs)


# ------------------------------------------------------------------ coverage


class CoverageFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        field_name="programme",
        queryset=Programme.objects.order_by("name"),
        label=_("Programme"),
        empty_label=None,
    )
    area = django_filters.ModelChoiceFilter(
        queryset=areas(),
        label=_("Area"),
        method="in_area",
        empty_label=_("All areas"),
    )

    class Meta:
        model = Assignment
        fields = ["programme", "area"]

    def in_area(self, queryset, name, value):
        return queryset.filter(person__team__path__startswith=value.path)


class CoverageReportView(TrainingManagerOnly, RefuseBadFilters, ReportView):
    page_title = _("Coverage by team")
    header_icon = "table"
    index_url_name = "crystal_reports_admin:coverage"
    index_results_url_name = "crystal_reports_admin:coverage_results"
    filterset_class = CoverageFilterSet
    paginate_by = 100
    columns = [
        Column("name", label=_("Team")),
        Column("area_name", label=_("Area")),
        Column("assigned", label=_("Assigned")),
        Column("completed", label=_("Completed")),
        Column("percent", label=_("Completed (%)")),
        Column("in_progress", label=_("In progress")),
        Column("not_started", label=_("Not started")),
        Column("booked", label=_("Booked")),
        Column("overdue", label=_("Overdue")),
    ]
    list_export = [
        "name",
        "team_code",
        "area_name",
        "assigned",
        "completed",
        "percent",
        "in_progress",
        "not_started",
        "booked",
        "overdue",
    ]
    export_headings = {
        "name": _("Team"),
        "team_code": _("Team code"),
        "area_name": _("Area"),
        "assigned": _("Assigned"),
        "completed": _("Completed"),
        "percent": _("Completed (%)"),
        "in_progress": _("In progress"),
        "not_started": _("Not started"),
        "booked": _("Booked"),
        "overdue": _("Overdue"),
    }

    def get_queryset(self):
        return Assignment.objects.none()

    def get_filtered_queryset(self):
        if self.filters is not None and not self.filters.is_valid():
            return []
        data = self.filters.form.cleaned_data if self.filters is not None else {}
        programme = data.get("programme") or Programme.objects.order_by("name").first()
        if programme is None:
            return []
        report = programme_coverage(
            programme=programme, as_of=timezone.localdate(), area=data.get("area")
        )
        for row in report.teams:
            row.team_code = row.team.code
        return sorted(report.teams, key=lambda r: (r.area_name, r.name))

    def get_filename(self):
        return f"coverage-by-team-{datetime.date.today():%Y-%m-%d}"


# ------------------------------------------------------------------ overdue


class OverdueFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        due = data.get("due")
        if due and due.start and due.stop:
            days = (due.stop - due.start).days
            if days < 0:
                self.add_error("due", _("The range ends before it starts."))
            elif days > conf.report_max_days():
                self.add_error(
                    "due",
                    _("Choose at most %(max)s days (this range is %(days)s).")
                    % {"max": conf.report_max_days(), "days": days},
                )
        return data


class OverdueFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        field_name="programme",
        queryset=Programme.objects.order_by("name"),
        label=_("Programme"),
    )
    area = django_filters.ModelChoiceFilter(
        queryset=areas(), label=_("Area"), method="in_area"
    )
    due = django_filters.DateFromToRangeFilter(
        field_name="due_on", label=_("Was due"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Assignment
        fields = ["programme", "area", "due"]
        form = OverdueFilterForm

    def in_area(self, queryset, name, value):
        return queryset.filter(person__team__path__startswith=value.path)


class OverdueReportView(
    TrainingManagerOnly, RefuseBadFilters, AuditedSpreadsheetExport, ReportView
):
    page_title = _("Overdue training")
    header_icon = "warning"
    index_url_name = "crystal_reports_admin:overdue"
    index_results_url_name = "crystal_reports_admin:overdue_results"
    filterset_class = OverdueFilterSet
    paginate_by = 100
    columns = [
        Column("person", label=_("Person")),
        Column("team", label=_("Team"), accessor="person.team"),
        Column("programme", label=_("Programme")),
        Column("due_on", label=_("Was due")),
        Column("days_overdue", label=_("Days overdue")),
    ]
    list_export = [
        "person.staff_number",
        "person.display_name",
        "person.team.name",
        "person.team.code",
        "programme.name",
        "due_on",
        "days_overdue",
    ]
    export_headings = {
        "person.staff_number": _("Staff number"),
        "person.display_name": _("Name"),
        "person.team.name": _("Team"),
        "person.team.code": _("Team code"),
        "programme.name": _("Programme"),
        "due_on": _("Was due"),
        "days_overdue": _("Days overdue"),
    }

    def get_queryset(self):
        today = timezone.localdate()
        return (
            Assignment.objects.overdue(today)
            .filter(person__active=True)
            .select_related("person__team", "programme")
            .order_by("due_on", "person__display_name")
        )

    def get_filename(self):
        return f"overdue-training-{datetime.date.today():%Y-%m-%d}"


# ------------------------------------------------------- performance review


class ReviewForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.order_by("name")
    )
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        help_text=_("Year and month, for example 2026-10."),
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM"}),
    )

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        if month > timezone.localdate():
            raise forms.ValidationError(_("That month has not started."))
        return month


def performance_review_view(request):
    """Download the monthly performance review workbook (one sheet per area)."""
    if not may_report(request.user):
        raise PermissionDenied
    form = ReviewForm(request.GET or None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                review = performance_review(
                    programme=form.cleaned_data["programme"],
                    month=form.cleaned_data["month"],
                )
            except NoSnapshots as missing:
                form.add_error("month", str(missing))
            else:
                name = (
                    f"performance-review-{review.programme.name}-{review.month:%Y-%m}"
                )
                return download(performance_workbook(review), name=name, kind="xlsx")
        status = 400
    return render(
        request,
        "crystal_reports/admin/performance_review.html",
        {"form": form, "page_title": _("Monthly performance review")},
        status=status,
    )
