"""A statement's context: registration, instructor, team, context
activities, revision, platform, language, statement reference, extensions."""

from __future__ import annotations

from typing import Any

from .activities import activity_value
from .actors import validate_agent
from .values import (
    LANGUAGE_TAG,
    extensions_value,
    fail,
    json_object,
    only_known,
    string_value,
    uuid_value,
)

CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}


def context_value(value: Any, field: str, object_kind: str) -> None:
    context = json_object(value, field)
    only_known(
        context,
        field,
        {
            "registration",
            "instructor",
            "team",
            "contextActivities",
            "revision",
            "platform",
            "language",
            "statement",
            "extensions",
        },
    )
    if "registration" in context:
        uuid_value(context["registration"], f"{field}.registration")
    if "instructor" in context:
        validate_agent(context["instructor"], f"{field}.instructor")
    if "team" in context:
        team = json_object(context["team"], f"{field}.team")
        if team.get("objectType") != "Group":
            fail(f"{field}.team.objectType", "must be Group")
        validate_agent(team, f"{field}.team")
    if "contextActivities" in context:
        activities = json_object(
            context["contextActivities"], f"{field}.contextActivities"
        )
        only_known(activities, f"{field}.contextActivities", CONTEXT_ACTIVITY_KEYS)
        for key, entries in activities.items():
            items = entries if isinstance(entries, list) else [entries]
            for index, entry in enumerate(items):
                where = f"{field}.contextActivities.{key}[{index}]"
                activity = json_object(entry, where)
                if activity.get("objectType", "Activity") != "Activity":
                    fail(f"{where}.objectType", "must be Activity")
                activity_value(activity, where)
    for key in ("revision", "platform"):
        if key in context:
            string_value(context[key], f"{field}.{key}")
            if object_kind != "Activity":
                fail(f"{field}.{key}", "is only allowed when the object is an Activity")
    if "language" in context and (
        not isinstance(context["language"], str)
        or not LANGUAGE_TAG.fullmatch(context["language"])
    ):
        fail(f"{field}.language", "must be an RFC 5646 language tag")
    if "statement" in context:
        ref = json_object(context["statement"], f"{field}.statement")
        if ref.get("objectType") != "StatementRef":
            fail(f"{field}.statement.objectType", "must be StatementRef")
        only_known(ref, f"{field}.statement", {"objectType", "id"})
        uuid_value(ref.get("id"), f"{field}.statement.id")
    if "extensions" in context:
        extensions_value(context["extensions"], f"{field}.extensions")
