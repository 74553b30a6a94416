from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "crystal_learning.site"
    label = "crystal_site"
    verbose_name = _("Crystal Learning: Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from crystal_learning.spreadsheet import wagtail_exports_neutralise

        from .locales import locales_cache_install

        wagtail_exports_neutralise()
        locales_cache_install()
