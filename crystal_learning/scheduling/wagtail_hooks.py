from wagtail import hooks

from .viewsets import TrainingSessionViewSet


@hooks.register("register_admin_viewset")
def register_training_session_viewset():
    return TrainingSessionViewSet("training_sessions")
