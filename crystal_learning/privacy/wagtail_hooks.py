from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, views


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path("personal-data/", include(admin_urls, namespace="crystal_privacy_admin"))
    ]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_handle_personal_data(request.user)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        _("Personal data"),
        reverse("crystal_privacy_admin:personal_data"),
        icon_name="user",
    )
