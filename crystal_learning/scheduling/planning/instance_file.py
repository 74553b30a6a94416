"""The planner's JSON instance (docs/planner.md): validated field by field, so
an error names the field; and `plan_file`, which plans a file into a file."""

from __future__ import annotations

import json
from datetime import date

from .problem import (
    ABSENCE_TYPES,
    WEEKDAY_KEYS,
    Instance,
    PersonSpec,
    Policy,
    SessionSpec,
    TeamSpec,
    session_refusal,
    training_codes,
)
from .solver import plan


class InstanceInvalid(ValueError):
    """The instance is not valid; the message names the field."""


def _date(value, where: str) -> date:
    if not isinstance(value, str):
        raise InstanceInvalid(f"{where}: expected an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InstanceInvalid(f"{where}: {value!r} is not an ISO date") from error


def _int(value, where: str, *, minimum: int = 0, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceInvalid(f"{where}: expected a whole number")
    if value < minimum:
        raise InstanceInvalid(f"{where}: must be at least {minimum}")
    return value


def _list(data: dict, key: str, where: str = "") -> list:
    value = data.get(key)
    if not isinstance(value, list):
        raise InstanceInvalid(f"{where}{key}: expected a list")
    return value


def _unique_id(item, where: str, seen: set) -> str:
    if not isinstance(item, dict):
        raise InstanceInvalid(f"{where}: expected an object")
    raw = item.get("id")
    if not isinstance(raw, str | int) or isinstance(raw, bool) or raw == "":
        raise InstanceInvalid(f"{where}.id: expected a string or number")
    ident = str(raw)
    if ident in seen:
        raise InstanceInvalid(f"{where}.id: duplicate id {ident!r}")
    seen.add(ident)
    return ident


def _policy(raw, where: str) -> Policy:
    if not isinstance(raw, dict):
        raise InstanceInvalid(f"{where}: expected an object")
    share = raw.get("cap_share")
    if (
        isinstance(share, bool)
        or not isinstance(share, int | float)
        or not (0 <= share <= 1)
    ):
        raise InstanceInvalid(f"{where}.cap_share: expected a number from 0 to 1")
    codes = raw.get("training_duty_codes")
    if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
        raise InstanceInvalid(f"{where}.training_duty_codes: expected a list of codes")
    allow_rest = raw.get("allow_rest_days", False)
    if not isinstance(allow_rest, bool):
        raise InstanceInvalid(f"{where}.allow_rest_days: expected true or false")
    return Policy(
        cap_share=float(share),
        min_release=_int(raw.get("min_release"), f"{where}.min_release"),
        training_duty_codes=frozenset(codes),
        allow_rest_days=allow_rest,
    )


def _pattern(raw, where: str) -> tuple[str, ...]:
    if (
        not isinstance(raw, list)
        or not raw
        or not all(isinstance(c, str) and c for c in raw)
    ):
        raise InstanceInvalid(f"{where}: expected a non-empty list of codes")
    return tuple(raw)


def _minimums(raw, where: str) -> dict[str, int | dict[str, int]]:
    """{code: n} or {code: {"default": n, "sat": m, ...}}."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InstanceInvalid(f"{where}: expected an object {{code: minimum}}")
    minimums: dict[str, int | dict[str, int]] = {}
    for code, rule in raw.items():
        if not code:
            raise InstanceInvalid(f"{where}: a code may not be empty")
        if isinstance(rule, dict):
            for key, value in rule.items():
                if key not in (*WEEKDAY_KEYS, "default"):
                    raise InstanceInvalid(
                        f"{where}.{code}.{key}: expected default or a day "
                        f"({', '.join(WEEKDAY_KEYS)})"
                    )
                _int(value, f"{where}.{code}.{key}")
            minimums[code] = dict(rule)
        else:
            minimums[code] = _int(rule, f"{where}.{code}")
    return minimums


def _teams(data: dict) -> dict[str, TeamSpec]:
    teams: dict[str, TeamSpec] = {}
    seen: set = set()
    for index, raw in enumerate(_list(data, "teams")):
        where = f"teams[{index}]"
        ident = _unique_id(raw, where, seen)
        pattern = _pattern(raw.get("pattern"), f"{where}.pattern")
        teams[ident] = TeamSpec(
            id=ident,
            pattern=pattern,
            pattern_start=_date(raw.get("pattern_start"), f"{where}.pattern_start"),
            min_staffing=_int(
                raw.get("min_staffing"), f"{where}.min_staffing", allow_none=True
            )
            or 0,
            policy=_policy(raw["policy"], f"{where}.policy")
            if raw.get("policy") is not None
            else None,
            min_staffing_by_code=_minimums(
                raw.get("min_staffing_by_code"), f"{where}.min_staffing_by_code"
            ),
        )
    return teams


def _absences(raw, where: str) -> tuple[tuple[tuple[date, date], ...], tuple]:
    """The spans and their types: [from, to] (an ordinary absence) or
    {"from", "to", "type"}."""
    absences = []
    types = []
    for a_index, span in enumerate(raw.get("absences") or []):
        a_where = f"{where}.absences[{a_index}]"
        kind = ""
        if isinstance(span, dict):
            kind = span.get("type") or ""
            if kind and kind not in ABSENCE_TYPES:
                raise InstanceInvalid(
                    f"{a_where}.type: {kind!r} is not one of {', '.join(ABSENCE_TYPES)}"
                )
            first = _date(span.get("from"), a_where + ".from")
            last = _date(span.get("to"), a_where + ".to")
        elif isinstance(span, list) and len(span) == 2:
            first, last = (
                _date(span[0], a_where + "[0]"),
                _date(span[1], a_where + "[1]"),
            )
        else:
            raise InstanceInvalid(
                f"{a_where}: expected [from, to] or {{from, to, type}}"
            )
        if last < first:
            raise InstanceInvalid(f"{a_where}: ends before it starts")
        absences.append((first, last))
        types.append(kind)
    return tuple(absences), tuple(types) if any(types) else ()


def _people(data: dict, teams: dict[str, TeamSpec]) -> list[PersonSpec]:
    people: list[PersonSpec] = []
    seen: set = set()
    for index, raw in enumerate(_list(data, "people")):
        where = f"people[{index}]"
        ident = _unique_id(raw, where, seen)
        team = str(raw.get("team"))
        if team not in teams:
            raise InstanceInvalid(f"{where}.team: unknown team {raw.get('team')!r}")
        absences, types = _absences(raw, where)
        needs = raw.get("needs", True)
        if not isinstance(needs, bool):
            raise InstanceInvalid(f"{where}.needs: expected true or false")
        pattern = pattern_start = None
        if raw.get("pattern") is not None:
            pattern = _pattern(raw["pattern"], f"{where}.pattern")
        if raw.get("pattern_start") is not None:
            if pattern is None:
                raise InstanceInvalid(f"{where}.pattern_start: given without a pattern")
            pattern_start = _date(raw["pattern_start"], f"{where}.pattern_start")
        people.append(
            PersonSpec(
                id=ident,
                team=team,
                absences=absences,
                needs=needs,
                pattern=pattern,
                pattern_start=pattern_start,
                absence_types=types,
            )
        )
    return people


def _code(raw, where: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw:
        raise InstanceInvalid(f"{where}: expected a duty code")
    return raw


def _sessions(data: dict) -> list[SessionSpec]:
    sessions: list[SessionSpec] = []
    seen: set = set()
    for index, raw in enumerate(_list(data, "sessions")):
        where = f"sessions[{index}]"
        ident = _unique_id(raw, where, seen)
        sessions.append(
            SessionSpec(
                id=ident,
                date=_date(raw.get("date"), f"{where}.date"),
                start=str(raw.get("start", "")),
                end=str(raw.get("end", "")),
                capacity=_int(raw.get("capacity"), f"{where}.capacity"),
                code=_code(raw.get("code"), f"{where}.code"),
            )
        )
    return sessions


def instance_parse(data) -> Instance:
    """Validate a planner instance (dict from JSON); InstanceInvalid names the field."""
    if not isinstance(data, dict):
        raise InstanceInvalid("instance: expected a JSON object")
    start = _date(data.get("start"), "start")
    horizon = _int(data.get("horizon_days"), "horizon_days", minimum=1)
    policy = _policy(data.get("policy"), "policy")
    teams = _teams(data)
    people = _people(data, teams)
    sessions = _sessions(data)
    instance = Instance(start, horizon, policy, teams, people, sessions)
    codes = training_codes(instance)
    for index, session in enumerate(sessions):
        refusal = session_refusal(instance, session, codes)
        if refusal is not None:  # e.g. a night: protected time is never there
            raise InstanceInvalid(f"sessions[{index}].code: {refusal}")
    return instance


def plan_file(instance_path: str, out_path: str, progress=None) -> dict:
    """Plan the instance in one JSON file and write the plan to another
    (`progress`: a callable told each stage of the solve)."""
    with open(instance_path, encoding="utf-8") as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as error:
            raise InstanceInvalid(f"instance: not valid JSON ({error})") from error
    instance = instance_parse(data)
    result = plan(instance, progress=progress).as_json(instance)
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    return result
