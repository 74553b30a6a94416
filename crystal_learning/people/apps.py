from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "crystal_learning.people"
    label = "crystal_people"
    verbose_name = _("Crystal Learning: People")
    default_auto_field = "django.db.models.BigAutoField"
