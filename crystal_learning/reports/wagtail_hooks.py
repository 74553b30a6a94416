from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import may_report
from .home_panels import (
    DraftPlansPanel,
    OverdueByAreaPanel,
    SessionsWithPlacesPanel,
    WelcomePanel,
)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/training/",
            include(admin_urls, namespace="crystal_reports_admin"),
        )
    ]


class TrainingManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_report(request.user)


@hooks.register("register_reports_menu_item")
def register_coverage_menu_item():
    return TrainingManagerMenuItem(
        _("Coverage by team"),
        reverse("crystal_reports_admin:coverage"),
        icon_name="table",
        order=800,
    )


@hooks.register("register_reports_menu_item")
def register_overdue_menu_item():
    return TrainingManagerMenuItem(
        _("Overdue training"),
        reverse("crystal_reports_admin:overdue"),
        icon_name="warning",
        order=810,
    )


@hooks.register("register_reports_menu_item")
def register_review_menu_item():
    return TrainingManagerMenuItem(
        _("Monthly performance review"),
        reverse("crystal_reports_admin:performance_review"),
        icon_name="download",
        order=820,
    )


@hooks.register("construct_homepage_panels")
def add_training_panels(request, panels):
    panels.extend(
        panel(request)
        for panel in (
            WelcomePanel,
            OverdueByAreaPanel,
            SessionsWithPlacesPanel,
            DraftPlansPanel,
        )
    )
