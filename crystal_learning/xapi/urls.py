from django.urls import re_path

from . import api, protocol
from .documents import views as documents
from .resources import activities, agents

app_name = "crystal_xapi"

urlpatterns = [
    re_path(r"^statements/?$", api.statements, name="statements"),
    re_path(r"^about/?$", api.about, name="about"),
    re_path(r"^agents/?$", agents, name="agents"),
    re_path(r"^activities/?$", activities, name="activities"),
    re_path(r"^activities/state/?$", documents.state, name="state"),
    re_path(
        r"^activities/profile/?$", documents.activity_profile, name="activity-profile"
    ),
    re_path(r"^agents/profile/?$", documents.agent_profile, name="agent-profile"),
    # Last: any other path under /xapi/ is a JSON 404, never a page or a sign-in.
    re_path(r"^.*$", protocol.not_found, name="not-found"),
]
