from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    label = "crystal_modules"
    verbose_name = _("Crystal Learning: modules")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from crystal_learning.xapi import signals

        from . import receivers

        signals.browser_statements_recorded.connect(
            receivers.video_statements_accept, dispatch_uid="modules.viewing"
        )
        signals.milestones_missing.connect(
            receivers.module_completions_restore, dispatch_uid="modules.restore"
        )
        from crystal_learning.xapi import launches

        from .packages.launching import launch_grant_resolve

        if launch_grant_resolve not in launches.resolvers:
            launches.resolvers.append(launch_grant_resolve)
