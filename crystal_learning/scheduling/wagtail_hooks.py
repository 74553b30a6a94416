from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import plan_views
from .viewsets import AbstractionPolicyViewSet, TrainingSessionViewSet

plan_urls = (
    [
        path("", plan_views.plans, name="plans"),
        path("calendar/", plan_views.sessions_calendar, name="calendar"),
        path("<int:pk>/", plan_views.plan_detail, name="plan"),
        path("<int:pk>/publish/", plan_views.plan_publish_view, name="publish"),
    ],
    "crystal_plans",
)


@hooks.register("register_admin_viewset")
def register_training_session_viewset():
    return TrainingSessionViewSet("training_sessions")


@hooks.register("register_admin_viewset")
def register_abstraction_policy_viewset():
    return AbstractionPolicyViewSet("abstraction_policies")


@hooks.register("register_admin_urls")
def register_plan_urls():
    return [path("plans/", include(plan_urls))]


class PlansMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("crystal_scheduling.change_trainingsession")


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("crystal_scheduling.view_trainingsession")


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return CalendarMenuItem(
        _("Sessions calendar"),
        reverse("crystal_plans:calendar"),
        icon_name="date",
        order=255,
    )


@hooks.register("register_admin_menu_item")
def register_plans_menu_item():
    return PlansMenuItem(
        _("Plan a briefing"),
        reverse("crystal_plans:plans"),
        icon_name="calendar-alt",
        order=265,
    )
