"""Activities and their definitions, interactions included."""

from __future__ import annotations

from typing import Any

from .values import (
    ACTIVITY_ID_MAX,
    ACTIVITY_TYPE_MAX,
    extensions_value,
    fail,
    iri_value,
    irl_value,
    json_object,
    language_map,
    only_known,
    string_value,
)

INTERACTION_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
}
COMPONENT_LISTS = {
    "choice": {"choices"},
    "sequencing": {"choices"},
    "likert": {"scale"},
    "matching": {"source", "target"},
    "performance": {"steps"},
}


def _interaction_components(value: Any, field: str) -> None:
    if not isinstance(value, list):
        fail(field, "must be a list of interaction components")
    seen: set[str] = set()
    for index, component in enumerate(value):
        where = f"{field}[{index}]"
        json_object(component, where)
        only_known(component, where, {"id", "description"})
        component_id = string_value(component.get("id"), f"{where}.id")
        if not component_id or " " in component_id:
            fail(f"{where}.id", "must be a non-empty id without spaces")
        if component_id in seen:
            fail(f"{where}.id", "is repeated in this list")
        seen.add(component_id)
        if "description" in component:
            language_map(component["description"], f"{where}.description")


def _definition(value: Any, field: str) -> None:
    definition = json_object(value, field)
    only_known(
        definition,
        field,
        {
            "name",
            "description",
            "type",
            "moreInfo",
            "extensions",
            "interactionType",
            "correctResponsesPattern",
            "choices",
            "scale",
            "source",
            "target",
            "steps",
        },
    )
    for key in ("name", "description"):
        if key in definition:
            language_map(definition[key], f"{field}.{key}")
    if "type" in definition:
        iri_value(definition["type"], f"{field}.type", ACTIVITY_TYPE_MAX)
    if "moreInfo" in definition:
        irl_value(definition["moreInfo"], f"{field}.moreInfo")
    if "extensions" in definition:
        extensions_value(definition["extensions"], f"{field}.extensions")
    interaction = definition.get("interactionType")
    component_keys = {"choices", "scale", "source", "target", "steps"} & set(definition)
    if interaction is None:
        if "correctResponsesPattern" in definition or component_keys:
            fail(f"{field}.interactionType", "is required with interaction properties")
        return
    if not isinstance(interaction, str) or interaction not in INTERACTION_TYPES:
        fail(
            f"{field}.interactionType",
            f"must be one of {', '.join(sorted(INTERACTION_TYPES))}",
        )
    allowed_lists = COMPONENT_LISTS.get(interaction, set())
    for key in sorted(component_keys):
        if key not in allowed_lists:
            fail(f"{field}.{key}", f"is not allowed for interactionType {interaction}")
        _interaction_components(definition[key], f"{field}.{key}")
    if "correctResponsesPattern" in definition:
        pattern = definition["correctResponsesPattern"]
        if not isinstance(pattern, list) or not all(
            isinstance(p, str) for p in pattern
        ):
            fail(f"{field}.correctResponsesPattern", "must be a list of strings")


def activity_value(value: dict, field: str) -> None:
    only_known(value, field, {"objectType", "id", "definition"})
    if "id" not in value:
        fail(f"{field}.id", "is required")
    iri_value(value["id"], f"{field}.id", ACTIVITY_ID_MAX)
    if "definition" in value:
        _definition(value["definition"], f"{field}.definition")
