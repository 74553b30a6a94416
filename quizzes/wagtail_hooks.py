from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import may_analyse


@hooks.register("register_admin_urls")
def register_item_analysis_urls():
    return [
        path(
            "reports/quiz-items/",
            include(admin_urls, namespace="crystal_quizzes_admin"),
        )
    ]


class ItemAnalysisMenuItem(MenuItem):
    def is_shown(self, request):
        return may_analyse(request.user)


@hooks.register("register_reports_menu_item")
def register_item_analysis_menu_item():
    return ItemAnalysisMenuItem(
        _("Quiz item analysis"),
        reverse("crystal_quizzes_admin:item_analysis"),
        icon_name="table",
        order=900,
    )
