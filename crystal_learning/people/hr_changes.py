"""What an HR file would change in the force, said exactly, and files that do
not fit the force refused (issue 18.5).

Teams are matched by code. A file that names a *new* area or team with the
name of an existing one under another code, or defines a *new* shift pattern
with the codes of an existing one, does not describe this force (a sample
file, another force's export): it is refused with the code to use, never
imported as a second "North Area". Everything else the file would change is
listed in the preview: teams renamed or moved to another area, new areas and
teams, and each person's changed fields (team, name, rank, own shift pattern,
...).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Team
from .own_pattern import own_pattern_now

#: Lines of changes kept in a stored preview.
CHANGES_SHOWN = 300

_PERSON_FIELDS = ("display_name", "email", "rank", "role", "active")


def _parents(state) -> dict[str, str]:
    """Each existing team's parent code, from the tree's paths."""
    by_path = {team["path"]: code for code, team in state.teams.items()}
    return {
        code: by_path.get(team["path"][: -Team.steplen], "")
        for code, team in state.teams.items()
    }


def _lowered_names(state) -> dict[str, str]:
    return {team["name"].strip().lower(): code for code, team in state.teams.items()}


def fit_check(checker) -> None:
    """Refuse new areas, teams and patterns that copy existing ones by name or codes."""
    state, plan = checker.state, checker.plan
    names = _lowered_names(state)
    first_line = {}
    for code, (number, definition) in checker.defined.items():
        first_line.setdefault(definition[2], number)
        same = names.get(definition[0].strip().lower())
        if code not in state.teams and same and same != code:
            checker.problem(
                number,
                "team_name",
                _(
                    "Team '%(name)s' already exists with code %(existing)s; use "
                    "team_code %(existing)s, or another name for a new team."
                )
                % {"name": definition[0], "existing": same},
            )
    for code, name in plan.areas.items():
        same = names.get((name or "").strip().lower())
        if code not in state.teams and same and same != code:
            checker.problem(
                first_line.get(code, 1),
                "area_code",
                _(
                    "Area '%(name)s' already exists with code %(existing)s; use "
                    "area_code %(existing)s, or another name for a new area."
                )
                % {"name": name, "existing": same},
            )
    by_codes = {codes: name for name, codes in state.patterns.items()}
    for name, codes in plan.patterns.items():
        same = by_codes.get(codes)
        if name not in state.patterns and same:
            checker.problem(
                1,
                "shift_pattern",
                _(
                    "Shift pattern '%(name)s' has the same codes as the existing "
                    "'%(existing)s'; use that name."
                )
                % {"name": name, "existing": same},
            )


def _team_lines(plan, state) -> list[str]:
    parents = _parents(state)
    lines = [
        _("New area %(code)s '%(name)s'.") % {"code": code, "name": name}
        for code, name in plan.areas.items()
        if code not in state.teams
    ]
    for team in plan.teams:
        existing = state.teams.get(team.code)
        if existing is None:
            lines.append(
                _("New team %(code)s '%(name)s' in %(area)s.")
                % {"code": team.code, "name": team.name, "area": team.area or "-"}
            )
            continue
        if team.name != existing["name"]:
            lines.append(
                _("Team %(code)s renamed '%(old)s' to '%(new)s'.")
                % {"code": team.code, "old": existing["name"], "new": team.name}
            )
        if team.area and team.area != parents.get(team.code):
            lines.append(
                _("Team %(code)s moves from %(old)s to %(new)s.")
                % {
                    "code": team.code,
                    "old": parents.get(team.code) or "-",
                    "new": team.area,
                }
            )
        if team.kind and team.kind != existing["kind"]:
            lines.append(
                _("Team %(code)s becomes a %(kind)s team.")
                % {"code": team.code, "kind": team.kind}
            )
    return lines


def _person_lines(plan, state) -> list[str]:
    lines = []
    for row in plan.rows:
        if row.action != "update" or row.existing is None:
            continue
        said = []
        before_team = state.team_codes.get(row.existing["team_id"], "")
        if before_team != row.team_code:
            said.append(
                _("team %(old)s to %(new)s")
                % {"old": before_team, "new": row.team_code}
            )
        for name in _PERSON_FIELDS:
            if name in row.values and row.values[name] != row.existing[name]:
                said.append(
                    _("%(field)s '%(old)s' to '%(new)s'")
                    % {
                        "field": name.replace("_", " "),
                        "old": row.existing[name],
                        "new": row.values[name],
                    }
                )
        if row.supervises is not None:
            before = state.supervises.get(row.existing["pk"], set())
            if set(row.supervises) != before:
                said.append(
                    _("supervises %(old)s to %(new)s")
                    % {
                        "old": ", ".join(sorted(before)) or "-",
                        "new": ", ".join(row.supervises) or "-",
                    }
                )
        said += _own_pattern_said(row)
        if said:
            lines.append(
                _("%(number)s: %(changes)s.")
                % {"number": row.staff_number, "changes": "; ".join(said)}
            )
    return lines


def _own_pattern(own) -> str:
    name, start = own
    if name is None:
        return _("the team's")
    return _("'%(name)s' from %(start)s") % {"name": name, "start": start.isoformat()}


def _own_pattern_said(row) -> list[str]:
    before = own_pattern_now(row.existing)
    if row.own_pattern is None or row.own_pattern == before:
        return []
    return [
        _("own shift pattern %(old)s to %(new)s")
        % {"old": _own_pattern(before), "new": _own_pattern(row.own_pattern)}
    ]


def changes_said(plan, state) -> list[str]:
    """Every change the file would make to teams and existing people."""
    return _team_lines(plan, state) + _person_lines(plan, state)
