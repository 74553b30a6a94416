from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .packages.admin_views import PERMISSION
from .packages.upload_views import user_may_upload


@hooks.register("register_admin_urls")
def register_package_admin_urls():
    return [path("packages/", include(admin_urls, namespace="crystal_modules_admin"))]


class WaiverMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_waiver_menu_item():
    return WaiverMenuItem(
        _("Waive a package unit"),
        reverse("crystal_modules_admin:waive"),
        icon_name="tick",
        order=268,
    )


class PackageUploadMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_upload(request.user)


@hooks.register("register_admin_menu_item")
def register_package_upload_menu_item():
    return PackageUploadMenuItem(
        _("Upload a package"),
        reverse("crystal_modules_admin:upload"),
        icon_name="upload",
        order=267,
    )
