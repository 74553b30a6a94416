from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    name = "crystal_learning.xapi"
    label = "crystal_xapi"
    verbose_name = _("Crystal Learning: xAPI")
    default_auto_field = "django.db.models.BigAutoField"
