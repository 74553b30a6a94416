"""The admin dashboard panel on forwarding: paused endpoints and dead letters,
or that nothing needs attention (for those who may change forwarding)."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from .models import Delivery, LRSEndpoint


class ForwardingPanel(Component):
    name = "crystal_forwarding"
    order = 50
    template_name = "crystal_xapi/forwarding_panel.html"

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            "paused": list(LRSEndpoint.objects.filter(enabled=True, paused=True)),
            "dead": Delivery.objects.filter(status=Delivery.Status.DEAD).count(),
        }

    def render_html(self, parent_context=None):
        if not self.request.user.has_perm("crystal_xapi.change_lrsendpoint"):
            return ""
        return super().render_html(parent_context)
