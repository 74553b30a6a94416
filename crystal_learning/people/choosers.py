"""Choose a person in the admin: a searchable modal (name or staff number)
instead of a drop-down of everyone in the force.

Forms use `person_chooser_viewset.widget_class` explicitly (for example the
trainer of a training session); wagtail_hooks.py registers the viewset.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

#: Who may open the chooser: it lists people's names and staff numbers.
CHOOSE_PEOPLE = "crystal_people.view_person"


class PersonSearchForm(BaseFilterForm):
    """Search by (part of) a name or a staff number, without a search index."""

    q = forms.CharField(
        label=_("Name or staff number"),
        widget=forms.TextInput(attrs={"placeholder": _("Name or staff number")}),
        max_length=100,
        required=False,
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                Q(display_name__icontains=query) | Q(staff_number__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class PeopleChooserMixin:
    """Only for users who may see people; active people, with rank and team."""

    filter_form_class = PersonSearchForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(CHOOSE_PEOPLE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        from .models import Person

        return Person.objects.filter(active=True).select_related("team")

    @property
    def columns(self):
        return [
            self.title_column,
            Column("rank", label=_("Rank"), accessor="get_rank_display"),
            Column("team", label=_("Team"), accessor="team.name"),
        ]


class PersonChooseView(PeopleChooserMixin, chooser_views.ChooseView):
    pass


class PersonChooseResultsView(PeopleChooserMixin, chooser_views.ChooseResultsView):
    pass


def _ids(values: list[str]) -> list[int]:
    """The ids a browser sent that can be ids at all (others match nobody)."""
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 19]


class PersonChosenView(PeopleChooserMixin, chooser_views.ChosenView):
    def get_object(self, pk):
        from .models import Person

        ids = _ids([str(pk)])
        if not ids:
            raise Person.DoesNotExist
        return self.get_object_list().get(pk=ids[0])


class PersonChosenMultipleView(PeopleChooserMixin, chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return self.get_object_list().filter(pk__in=_ids(pks))


class PersonCreateView(PeopleChooserMixin, chooser_views.CreateView):
    """No creation tab: people come from HR (or Force > People)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(CHOOSE_PEOPLE):
            raise PermissionDenied
        raise Http404("People are added in Force > People, not in the chooser.")


class PersonChooserViewSet(ChooserViewSet):
    model = "crystal_people.Person"
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    edit_item_text = _("Edit this person")
    register_widget = False  # each form that wants it says so
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    chosen_view_class = PersonChosenView
    chosen_multiple_view_class = PersonChosenMultipleView
    create_view_class = PersonCreateView


person_chooser_viewset = PersonChooserViewSet("crystal_people_person_chooser")
