"""Admin screens for programmes, with requirements and audience inline."""

from __future__ import annotations

from django.contrib import messages
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from .models import Programme
from .services import programme_save


class ProgrammeSaveMixin:
    def save_instance(self):
        programme, report = programme_save(form=self.form)
        if report.audience == 0:
            messages.warning(
                self.request,
                _(
                    "No one matches this programme's audience yet, so no one is "
                    "assigned. Check the audience rules."
                ),
            )
        elif report.assigned or report.unassigned:
            messages.info(
                self.request,
                _("%(assigned)s assigned, %(unassigned)s unassigned.")
                % {
                    "assigned": len(report.assigned),
                    "unassigned": len(report.unassigned),
                },
            )
        return programme


class ProgrammeCreateView(ProgrammeSaveMixin, generic.CreateView):
    pass


class ProgrammeEditView(ProgrammeSaveMixin, generic.EditView):
    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                _("Require retraining"),
                url=reverse("programmes:retraining", args=[self.object.pk]),
                icon_name="repeat",
                priority=30,
            ),
        ]


class ProgrammeViewSet(ModelViewSet):
    """Programmes; "Require retraining" is at .../programmes/<pk>/retraining/."""

    model = Programme
    add_view_class = ProgrammeCreateView
    edit_view_class = ProgrammeEditView
    icon = "list-ul"
    menu_label = _lazy("Programmes")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "start_date", "due_mode", "active"]
    list_filter = ["active"]
    search_fields = ["name"]

    def get_urlpatterns(self):
        from .admin_views import retraining

        return [
            *super().get_urlpatterns(),
            path("<int:pk>/retraining/", retraining, name="retraining"),
        ]
