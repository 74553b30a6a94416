"""Training managers' admin screens: sessions, and each session's bookings."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from .models import AbstractionPolicy, TrainingSession


class SessionEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                _("Bookings and attendance"),
                url=reverse("training_sessions:bookings", args=[self.object.pk]),
                icon_name="group",
                priority=5,
            ),
        ]


class TrainingSessionViewSet(ModelViewSet):
    model = TrainingSession
    edit_view_class = SessionEditView
    icon = "date"
    menu_label = _lazy("Training sessions")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "date", "start", "venue", "capacity", "cancelled"]
    list_filter = ["kind", "cancelled", "date"]
    search_fields = ["title", "venue"]
    ordering = ["date", "start"]

    def get_urlpatterns(self):
        from .admin_views import session_bookings

        return [
            *super().get_urlpatterns(),
            path("<int:pk>/bookings/", session_bookings, name="bookings"),
        ]


class AbstractionPolicyViewSet(ModelViewSet):
    model = AbstractionPolicy
    icon = "group"
    menu_label = _lazy("Abstraction policies")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["__str__", "cap_share", "min_release", "min_staffing"]
