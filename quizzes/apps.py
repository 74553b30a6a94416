from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    label = "crystal_quizzes"
    verbose_name = _("Crystal Learning: quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from crystal_learning.xapi import signals

        from . import receivers

        signals.milestones_missing.connect(
            receivers.attempt_outcomes_restore, dispatch_uid="quizzes.restore"
        )
