"""Wagtail admin screens for the force: people, teams, shift patterns and absences."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from crystal_learning.audit import AuditedSpreadsheetExport

from .models import Absence, Person, ShiftPattern, Team
from .services import absence_create, person_save, team_upsert


class TeamForm(WagtailAdminModelForm):
    parent = forms.ModelChoiceField(
        queryset=Team.objects.all().order_by("path"),
        required=False,
        label=_("Part of"),
        help_text=_("The area (or force) this team belongs to. Empty means the force."),
    )

    class Meta:
        model = Team
        fields = ["name", "code", "kind", "shift_pattern", "shift_offset"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
            self.fields["parent"].queryset = Team.objects.exclude(
                path__startswith=self.instance.path
            ).order_by("path")

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class TeamSaveMixin:
    def save_instance(self):
        data = self.form.cleaned_data
        return team_upsert(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            parent=data.get("parent"),
            shift_pattern=data.get("shift_pattern"),
            shift_offset=data.get("shift_offset") or 0,
        )


class TeamCreateView(TeamSaveMixin, generic.CreateView):
    pass


class TeamEditView(TeamSaveMixin, generic.EditView):
    pass


class TeamViewSet(ModelViewSet):
    model = Team

    def get_form_class(self, for_update=False):
        return TeamForm

    add_view_class = TeamCreateView
    edit_view_class = TeamEditView
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name", "code", "kind", "shift_pattern"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    search_backend_name = None  # plain database search: bulk imports need no index
    ordering = ["path"]
    copy_view_enabled = False
    inspect_view_enabled = True


class PersonForm(WagtailAdminModelForm):
    class Meta:
        model = Person
        fields = [
            "staff_number",
            "display_name",
            "email",
            "rank",
            "role",
            "team",
            "supervises",
            "shift_pattern",
            "shift_pattern_from",
            "reminders_off_duty",
            "language",
            "active",
        ]


class PersonSaveMixin:
    def save_instance(self):
        instance = self.form.save(commit=False)
        return person_save(
            person=instance,
            supervises=list(self.form.cleaned_data.get("supervises") or []),
            by=self.request.user,
        )


class PersonCreateView(PersonSaveMixin, generic.CreateView):
    pass


class PersonEditView(PersonSaveMixin, generic.EditView):
    pass


class PersonIndexView(AuditedSpreadsheetExport, generic.IndexView):
    audit_report = _("People")


class PersonViewSet(ModelViewSet):
    model = Person
    index_view_class = PersonIndexView

    def get_form_class(self, for_update=False):
        return PersonForm

    add_view_class = PersonCreateView
    edit_view_class = PersonEditView
    icon = "user"
    menu_label = _("People")
    list_display = ["display_name", "staff_number", "rank", "team", "active"]
    list_filter = ["active", "rank", "team__kind"]
    search_fields = ["display_name", "staff_number"]
    search_backend_name = None
    list_export = ["staff_number", "display_name", "rank", "role", "team", "active"]
    export_filename = "people"
    copy_view_enabled = False
    inspect_view_enabled = True


class ShiftPatternViewSet(ModelViewSet):
    model = ShiftPattern
    icon = "date"
    menu_label = _("Shift patterns")
    form_fields = ["name", "kind", "codes", "anchor_date"]
    list_display = ["name", "kind", "codes", "anchor_date"]
    copy_view_enabled = False


class AbsenceSaveMixin:
    def save_instance(self):
        data = self.form.cleaned_data
        if self.form.instance.pk:
            return self.form.save()
        return absence_create(
            person=data["person"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data.get("note", ""),
        )


class AbsenceCreateView(AbsenceSaveMixin, generic.CreateView):
    pass


class AbsenceViewSet(ModelViewSet):
    model = Absence
    add_view_class = AbsenceCreateView
    icon = "calendar-alt"
    menu_label = _("Absences")
    form_fields = ["person", "kind", "starts_on", "ends_on", "note"]
    list_display = ["person", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    copy_view_enabled = False


class ForceViewSetGroup(ModelViewSetGroup):
    menu_label = _("Force")
    menu_icon = "group"
    menu_order = 250
    items = (
        PersonViewSet("crystal_people_person"),
        TeamViewSet("crystal_people_team"),
        ShiftPatternViewSet("crystal_people_shiftpattern"),
        AbsenceViewSet("crystal_people_absence"),
    )
