from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .viewsets import AbstractionPolicyViewSet, TrainingSessionViewSet


@hooks.register("register_admin_viewset")
def register_training_session_viewset():
    return TrainingSessionViewSet("training_sessions")


@hooks.register("register_admin_viewset")
def register_abstraction_policy_viewset():
    return AbstractionPolicyViewSet("abstraction_policies")


@hooks.register("register_admin_urls")
def register_plan_urls():
    return [path("plans/", include(admin_urls, namespace="crystal_scheduling_admin"))]


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
        reverse("crystal_scheduling_admin:calendar"),
        icon_name="date",
        order=255,
    )


@hooks.register("register_admin_menu_item")
def register_plans_menu_item():
    return PlansMenuItem(
        _("Plan training"),
        reverse("crystal_scheduling_admin:plans"),
        icon_name="calendar-alt",
        order=265,
    )
