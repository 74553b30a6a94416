from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "crystal_learning.programmes"
    label = "crystal_programmes"
    verbose_name = _("Crystal Learning: Programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from crystal_learning.people import signals as people
        from crystal_learning.xapi import signals as record

        from . import receivers

        people.people_changed.connect(
            receivers.people_changed, dispatch_uid="programmes.people"
        )
        record.progress_changed.connect(
            receivers.programme_progress_changed, dispatch_uid="programmes.progress"
        )
        record.milestones_missing.connect(
            receivers.programme_completions_restore,
            dispatch_uid="programmes.restore",
        )
