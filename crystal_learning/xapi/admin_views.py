"""Admin views for forwarding: dead letters with retry, resuming a paused LRS."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crystal_learning.audit import DELIVERY_RETRY, audit

from .forwarding.delivery import dead_letters_retry, endpoint_resume
from .models import Delivery, LRSEndpoint

can_manage = permission_required(
    "crystal_xapi.change_lrsendpoint", raise_exception=True
)


@can_manage
@require_GET
def dead_letters(request):
    letters = (
        Delivery.objects.filter(status=Delivery.Status.DEAD)
        .select_related("endpoint", "statement")
        .order_by("endpoint__name", "statement_id")[:500]
    )
    return TemplateResponse(
        request, "crystal_xapi/dead_letters.html", {"letters": letters}
    )


@can_manage
@require_POST
def dead_letters_retry_view(request):
    ids = [
        int(value)
        for value in request.POST.getlist("delivery")
        if re.fullmatch(r"[0-9]{1,18}", value)
    ]
    count = dead_letters_retry(delivery_ids=ids)
    if count:
        audit(request.user, DELIVERY_RETRY, user=request.user, deliveries=count)
    messages.success(
        request, _("%(count)s statement(s) queued to be sent again.") % {"count": count}
    )
    return redirect("crystal_xapi_admin:dead_letters")


@can_manage
@require_POST
def endpoint_resume_view(request, pk: int):
    endpoint = get_object_or_404(LRSEndpoint, pk=pk)
    endpoint_resume(endpoint=endpoint)
    messages.success(
        request,
        _("%(name)s resumed; queued statements will be sent.")
        % {"name": endpoint.name},
    )
    return redirect("crystal_xapi_admin:dead_letters")
