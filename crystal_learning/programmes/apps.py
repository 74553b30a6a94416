from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "crystal_learning.programmes"
    label = "crystal_programmes"
    verbose_name = _("Crystal Learning: Programmes")
    default_auto_field = "django.db.models.BigAutoField"
