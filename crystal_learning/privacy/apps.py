from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "crystal_learning.privacy"
    label = "crystal_privacy"
    verbose_name = _("Crystal Learning: Data protection")
    default_auto_field = "django.db.models.BigAutoField"
