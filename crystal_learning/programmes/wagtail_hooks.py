from wagtail import hooks

from .viewsets import ProgrammeViewSet


@hooks.register("register_admin_viewset")
def register_programme_viewset():
    return ProgrammeViewSet("programmes")
