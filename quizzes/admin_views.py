"""The item analysis report in the Wagtail admin (filters, CSV and XLSX export)."""

from __future__ import annotations

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from crystal_learning.people.roles import CONTENT_EDITOR, TRAINING_MANAGER, has_role
from crystal_learning.reports.admin_views import RefuseBadFilters

from .analysis import item_counts, item_rows, marked_answers
from .models import AttemptAnswer, QuizPage


def may_analyse(user) -> bool:
    return has_role(user, TRAINING_MANAGER) or has_role(user, CONTENT_EDITOR)


class ItemAnalysisFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(
        field_name="attempt__quiz",
        queryset=QuizPage.objects.order_by("title"),
        # By the page's own id: Django turns an id too big for the column into
        # "no such quiz" there, not through the page link (500 on SQLite).
        to_field_name="id",
        label=_("Quiz"),
    )
    submitted = django_filters.DateFromToRangeFilter(
        field_name="attempt__submitted_at",
        label=_("Attempts submitted"),
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = AttemptAnswer
        fields = ["quiz", "submitted"]


class ItemAnalysisView(RefuseBadFilters, ReportView):
    page_title = _("Quiz item analysis")
    header_icon = "table"
    index_url_name = "crystal_quizzes_admin:item_analysis"
    index_results_url_name = "crystal_quizzes_admin:item_analysis_results"
    filterset_class = ItemAnalysisFilterSet
    paginate_by = 50
    columns = [
        Column("quiz", label=_("Quiz")),
        Column("bank_position", label=_("No.")),
        Column("question", label=_("Question")),
        Column("kind", label=_("Type")),
        Column("drawn", label=_("Attempts")),
        Column("percent_correct", label=_("Correct (%)")),
        Column("wrong_choice", label=_("Most chosen wrong answer")),
        Column("wrong_choice_count", label=_("Chosen")),
        Column("median_seconds", label=_("Median time (s)")),
    ]
    list_export = [
        "quiz",
        "bank_position",
        "question_id",
        "question",
        "kind",
        "drawn",
        "answered",
        "correct",
        "percent_correct",
        "wrong_choice",
        "wrong_choice_count",
        "median_seconds",
    ]
    export_headings = {
        "quiz": _("Quiz"),
        "question": _("Question"),
        "answered": _("Answered"),
        "correct": _("Correct"),
        "bank_position": _("Position in bank"),
        "question_id": _("Question id"),
        "kind": _("Type"),
        "drawn": _("Attempts"),
        "percent_correct": _("Correct (%)"),
        "wrong_choice": _("Most chosen wrong answer"),
        "wrong_choice_count": _("Times chosen"),
        "median_seconds": _("Median seconds"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_analyse(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return marked_answers()

    def get_filtered_queryset(self):
        # Filter the answers, count them per question in the database, then add
        # what needs the responses: three queries, however many answers.
        answers = self.filter_queryset(self.get_queryset())
        return item_rows(list(item_counts(answers)), answers)

    def get_filename(self):
        return f"quiz-item-analysis-{datetime.date.today():%Y-%m-%d}"
