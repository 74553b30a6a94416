from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "crystal_learning.scheduling"
    label = "crystal_scheduling"
    verbose_name = _("Crystal Learning: Scheduling")
    default_auto_field = "django.db.models.BigAutoField"
