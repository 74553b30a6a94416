from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VictimCareConfig(AppConfig):
    name = "crystal_learning.victim_care"
    label = "crystal_victim_care"
    verbose_name = _("Crystal Learning: Victim care")
    default_auto_field = "django.db.models.BigAutoField"
