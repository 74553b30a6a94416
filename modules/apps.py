from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    label = "crystal_modules"
    verbose_name = _("Crystal Learning: modules")
    default_auto_field = "django.db.models.BigAutoField"
