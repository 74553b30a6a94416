from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "crystal_learning.demo"
    label = "crystal_demo"
    verbose_name = _("Crystal Learning: Demo")
    default_auto_field = "django.db.models.BigAutoField"
