from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .panels import ForwardingPanel
from .viewsets import XAPIViewSetGroup


@hooks.register("register_admin_viewset")
def register_xapi_viewsets():
    return XAPIViewSetGroup()


@hooks.register("register_admin_urls")
def register_forwarding_urls():
    return [
        path("xapi-forwarding/", include(admin_urls, namespace="crystal_xapi_admin"))
    ]


class ForwardingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("crystal_xapi.change_lrsendpoint")


@hooks.register("register_admin_menu_item")
def register_dead_letters_menu_item():
    return ForwardingMenuItem(
        _("Forwarding"),
        reverse("crystal_xapi_admin:dead_letters"),
        icon_name="warning",
        order=275,
    )


@hooks.register("construct_homepage_panels")
def add_forwarding_panel(request, panels):
    panels.append(ForwardingPanel(request))
