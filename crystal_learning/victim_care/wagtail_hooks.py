from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import may_manage


@hooks.register("register_admin_urls")
def register_victim_care_urls():
    return [
        path("victim-care/", include(admin_urls, namespace="crystal_victim_care_admin"))
    ]


class VictimCareMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_victim_care_menu_item():
    return VictimCareMenuItem(
        _("Victim care"),
        reverse("crystal_victim_care_admin:index"),
        icon_name="clipboard-list",
        order=270,
    )
