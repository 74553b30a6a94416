from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "crystal_learning.reports"
    label = "crystal_reports"
    verbose_name = _("Crystal Learning: Reports")
    default_auto_field = "django.db.models.BigAutoField"
