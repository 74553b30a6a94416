"""How statements are written out: context activities as lists, and the
`ids` and `canonical` formats of the Statements API (Communication 2.1.3).

`exact` is the statement as stored. `ids` keeps only what identifies agents,
groups, activities and verbs. `canonical` gives every activity the LRS's
canonical definition (definitions.py; the caller reads them), then keeps one
language of each language map: the best match for the request's
Accept-Language, else the site's LANGUAGE_CODE, else the first tag in
alphabetical order.
"""

from __future__ import annotations

import copy
import re

from django.conf import settings

IDENTIFIERS = ("mbox", "mbox_sha1sum", "openid", "account")
#: Interaction component lists; each component's description is a language map.
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
_LANGUAGE_RANGE = re.compile(r"\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", re.ASCII)


def _listed_context(part: dict) -> dict:
    """`part` with its single context activities as lists of one (a copy if any)."""
    context = part.get("context")
    activities = isinstance(context, dict) and context.get("contextActivities")
    if not isinstance(activities, dict) or all(
        isinstance(v, list) for v in activities.values()
    ):
        return part
    listed = {k: v if isinstance(v, list) else [v] for k, v in activities.items()}
    return {**part, "context": {**context, "contextActivities": listed}}


def context_activities_listed(statement: dict) -> dict:
    """The statement with every single context activity as an array of one, as
    the specification requires them returned (its SubStatement's included)."""
    listed = _listed_context(statement)
    target = listed.get("object")
    if isinstance(target, dict) and target.get("objectType") == "SubStatement":
        inner = _listed_context(target)
        if inner is not target:
            listed = {**listed, "object": inner}
    return listed


def accepted_languages(header: str) -> list[str]:
    """Accept-Language's ranges, most wanted first (RFC 9110 12.5.4); q=0 dropped."""
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate((header or "").split(",")):
        parts = [p.strip() for p in item.split(";")]
        if not parts[0] or not _LANGUAGE_RANGE.fullmatch(parts[0]):
            continue
        weight = 1.0
        for parameter in parts[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            ranked.append((-weight, index, parts[0].lower()))
    return [language for _, _, language in sorted(ranked)]


def _best_tag(tags: list[str], wanted: list[str]) -> str:
    # Sorted: PostgreSQL's jsonb does not keep the order the client sent.
    tags = sorted(tags)
    lowered = {tag.lower(): tag for tag in tags}
    for language in wanted:
        if language == "*":
            return tags[0]
        if language in lowered:
            return lowered[language]
        for tag in tags:  # "en" asked, "en-GB" held
            if tag.lower().startswith(language + "-"):
                return tag
        prefix = language
        while "-" in prefix:  # "en-GB" asked, "en" held
            prefix = prefix.rsplit("-", 1)[0]
            if prefix in lowered:
                return lowered[prefix]
    return tags[0]


def _one_language(value, wanted: list[str]):
    if not isinstance(value, dict) or len(value) < 2:
        return value
    tag = _best_tag(list(value), wanted)
    return {tag: value[tag]}


def _canonical_activity(
    activity: dict, wanted: list[str], definitions: dict[str, dict]
) -> None:
    known = definitions.get(activity.get("id"))
    if known is not None:
        activity["definition"] = copy.deepcopy(known)
    definition = activity.get("definition")
    if not isinstance(definition, dict):
        return
    for key in ("name", "description"):
        if key in definition:
            definition[key] = _one_language(definition[key], wanted)
    for key in COMPONENT_LISTS:
        for component in definition.get(key) or []:
            if isinstance(component, dict) and "description" in component:
                component["description"] = _one_language(
                    component["description"], wanted
                )


def _context_activities(part: dict) -> list[dict]:
    activities = (part.get("context") or {}).get("contextActivities") or {}
    return [entry for entries in activities.values() for entry in entries]


def _activities(part: dict) -> list[dict]:
    """The Activity objects of a statement whose context activities are lists:
    its object, its context activities, and its SubStatement's."""
    target = part.get("object") or {}
    kind = target.get("objectType", "Activity")
    found = [target] if kind == "Activity" else []
    if kind == "SubStatement":
        found += _activities(target)
    return found + _context_activities(part)


def activity_ids(statement: dict) -> set[str]:
    """Every activity id a statement names (for its canonical definitions)."""
    listed = context_activities_listed(statement)
    return {a["id"] for a in _activities(listed) if isinstance(a.get("id"), str)}


def _canonical_part(part: dict, wanted: list[str], definitions: dict) -> None:
    verb = part.get("verb") or {}
    if "display" in verb:
        verb["display"] = _one_language(verb["display"], wanted)
    target = part.get("object") or {}
    if target.get("objectType") == "SubStatement":
        _canonical_part(target, wanted, definitions)
    elif target.get("objectType", "Activity") == "Activity":
        _canonical_activity(target, wanted, definitions)
    for activity in _context_activities(part):
        _canonical_activity(activity, wanted, definitions)
    for attachment in part.get("attachments") or []:
        for key in ("display", "description"):
            if key in attachment:
                attachment[key] = _one_language(attachment[key], wanted)


def _agent_ids(agent: dict | None) -> dict | None:
    """An Agent or identified Group by its identifier; an anonymous Group by
    its members' identifiers."""
    if not isinstance(agent, dict):
        return agent
    kept = {k: agent[k] for k in ("objectType", *IDENTIFIERS) if k in agent}
    identified = any(key in agent for key in IDENTIFIERS)
    if agent.get("objectType") == "Group" and not identified:
        kept["member"] = [_agent_ids(m) for m in agent.get("member") or []]
    return kept


def _ids_part(part: dict) -> None:
    part["actor"] = _agent_ids(part.get("actor"))
    if isinstance(part.get("verb"), dict):
        part["verb"] = {"id": part["verb"].get("id")}
    target = part.get("object") or {}
    kind = target.get("objectType", "Activity")
    if kind == "Activity":
        part["object"] = {"id": target.get("id")}
    elif kind in ("Agent", "Group"):
        part["object"] = _agent_ids(target)
    elif kind == "SubStatement":
        _ids_part(target)
    context = part.get("context")
    if isinstance(context, dict):
        for key in ("instructor", "team"):
            if key in context:
                context[key] = _agent_ids(context[key])
        for key, entries in (context.get("contextActivities") or {}).items():
            context["contextActivities"][key] = [{"id": e.get("id")} for e in entries]


def statement_formatted(
    payload: dict, shape: str, languages: str = "", definitions: dict | None = None
) -> dict:
    """The statement in `shape` (exact, ids or canonical); `languages` is the
    request's Accept-Language and `definitions` the canonical definitions by
    activity id (at least those of `activity_ids(payload)`), used by canonical."""
    listed = context_activities_listed(payload)
    if shape not in ("ids", "canonical"):
        return listed
    result = copy.deepcopy(listed)
    if shape == "ids":
        _ids_part(result)
        if "authority" in result:
            result["authority"] = _agent_ids(result["authority"])
    else:
        wanted = [*accepted_languages(languages), settings.LANGUAGE_CODE.lower()]
        _canonical_part(result, wanted, definitions or {})
    return result
