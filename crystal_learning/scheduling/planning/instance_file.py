"""The planner's JSON instance (docs/planner.md): validated field by field, so
an error names the field; and `plan_file`, which plans a file into a file."""

from __future__ import annotations

import json
from datetime import date

from .problem import Instance, PersonSpec, Policy, SessionSpec, TeamSpec
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


def _teams(data: dict) -> dict[str, TeamSpec]:
    teams: dict[str, TeamSpec] = {}
    seen: set = set()
    for index, raw in enumerate(_list(data, "teams")):
        where = f"teams[{index}]"
        ident = _unique_id(raw, where, seen)
        pattern = raw.get("pattern")
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(c, str) and c for c in pattern)
        ):
            raise InstanceInvalid(
                f"{where}.pattern: expected a non-empty list of codes"
            )
        teams[ident] = TeamSpec(
            id=ident,
            pattern=tuple(pattern),
            pattern_start=_date(raw.get("pattern_start"), f"{where}.pattern_start"),
            min_staffing=_int(
                raw.get("min_staffing"), f"{where}.min_staffing", allow_none=True
            )
            or 0,
            policy=_policy(raw["policy"], f"{where}.policy")
            if raw.get("policy") is not None
            else None,
        )
    return teams


def _absences(raw, where: str) -> tuple[tuple[date, date], ...]:
    absences = []
    for a_index, span in enumerate(raw.get("absences") or []):
        a_where = f"{where}.absences[{a_index}]"
        if not isinstance(span, list) or len(span) != 2:
            raise InstanceInvalid(f"{a_where}: expected [from, to]")
        first, last = (
            _date(span[0], a_where + "[0]"),
            _date(span[1], a_where + "[1]"),
        )
        if last < first:
            raise InstanceInvalid(f"{a_where}: ends before it starts")
        absences.append((first, last))
    return tuple(absences)


def _people(data: dict, teams: dict[str, TeamSpec]) -> list[PersonSpec]:
    people: list[PersonSpec] = []
    seen: set = set()
    for index, raw in enumerate(_list(data, "people")):
        where = f"people[{index}]"
        ident = _unique_id(raw, where, seen)
        team = str(raw.get("team"))
        if team not in teams:
            raise InstanceInvalid(f"{where}.team: unknown team {raw.get('team')!r}")
        absences = _absences(raw, where)
        needs = raw.get("needs", True)
        if not isinstance(needs, bool):
            raise InstanceInvalid(f"{where}.needs: expected true or false")
        people.append(PersonSpec(id=ident, team=team, absences=absences, needs=needs))
    return people


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
    return Instance(start, horizon, policy, teams, people, sessions)


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
