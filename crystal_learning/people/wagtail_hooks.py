from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .choosers import person_chooser_viewset
from .viewsets import ForceViewSetGroup


@hooks.register("register_admin_viewset")
def register_force_viewsets():
    return ForceViewSetGroup()


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("people-import/", include(admin_urls, namespace="crystal_people_admin"))
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("crystal_people.add_peopleimport")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import people"),
        reverse("crystal_people_admin:upload"),
        icon_name="upload",
        order=260,
    )


@hooks.register("register_admin_viewset")
def register_person_chooser_viewset():
    return person_chooser_viewset
