"""Training managers' admin screens: sessions, and each session's bookings.

A session's bookings are one click away: a "Bookings (n of m)" column on the
sessions listing and a header button on the session's edit page."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from .models import AbstractionPolicy, TrainingSession
from .services import places_taken


def bookings_label(taken: int, capacity: int) -> str:
    return _("Bookings (%(taken)s of %(capacity)s)") % {
        "taken": taken,
        "capacity": capacity,
    }


class BookingsColumn(Column):
    """A link to the session's bookings, with its places taken."""

    cell_template_name = "crystal_scheduling/admin/bookings_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse("training_sessions:bookings", args=[instance.pk])
        context["label"] = bookings_label(instance.taken, instance.capacity)
        return context


class SessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_places_taken()


class SessionEditView(generic.EditView):
    @cached_property
    def header_buttons(self):
        taken = places_taken(self.object)
        return [
            *super().header_buttons,
            HeaderButton(
                bookings_label(taken, self.object.capacity),
                url=reverse("training_sessions:bookings", args=[self.object.pk]),
                icon_name="group",
                attrs={"data-testid": "bookings-button"},
            ),
        ]


class TrainingSessionViewSet(ModelViewSet):
    model = TrainingSession
    index_view_class = SessionIndexView
    edit_view_class = SessionEditView
    icon = "date"
    menu_label = _lazy("Training sessions")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "title",
        "date",
        "start",
        "venue",
        BookingsColumn("bookings", label=_lazy("Bookings"), accessor="taken"),
        "cancelled",
    ]
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
