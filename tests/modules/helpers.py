"""Helpers for the tracked-viewing tests: a Video Profile event as the player
sends it, and posting it to the LRS as the signed-in learner."""

from __future__ import annotations

import json

from django.utils import timezone
from freezegun import freeze_time

from crystal_learning.xapi.vocabulary import VideoExtension

START = timezone.now().replace(microsecond=0)


def event(
    module, officer, verb, *, session="s-1", segments=None, time=None, progress=None
):
    result = {}
    if segments is not None:
        result[VideoExtension.PLAYED_SEGMENTS] = segments
    if time is not None:
        result[VideoExtension.TIME] = time
    if progress is not None:
        result[VideoExtension.PROGRESS] = progress
    statement = {
        "actor": {
            "objectType": "Agent",
            "account": {
                "homePage": "https://learning.example.police.uk",
                "name": officer.staff_number,
            },
        },
        "verb": {"id": verb},
        "object": {"objectType": "Activity", "id": module.activity_id},
        "context": {"extensions": {VideoExtension.SESSION_ID: session}},
    }
    if result:
        statement["result"] = {"extensions": result}
    return statement


def post(client, *statements, at):
    with freeze_time(at):
        return client.post(
            "/xapi/statements",
            data=json.dumps(list(statements)),
            content_type="application/json",
            HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
            HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
        )
