"""Checking an HR file against the force as it is: what an import would do.

Everything the checks need is read in a handful of queries up front
(`ForceState`); the rows are then checked in memory, so the cost does not grow
with queries per row. The result (`Plan`) is what a preview shows and what
`hr_write.people_import_write` writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from .csv_import import ImportProblem, YesNoWidget, choice_value, text_problem
from .csv_import import cell as _cell
from .csv_import import line_of as _line
from .duty import parse_codes
from .hr_changes import changes_said, fit_check
from .models import Person, ShiftPattern, Team
from .own_pattern import OwnPattern, hr_own_pattern, own_pattern_now

#: Staff numbers: letters, digits and hyphens, starting with a letter or digit.
STAFF_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
STAFF_NUMBER_MAX = Person._meta.get_field("staff_number").max_length
#: Free-text columns: refused if they hold a control character or a formula.
TEXT_COLUMNS = (
    "display_name",
    "email",
    "role",
    "team_code",
    "team_name",
    "area_code",
    "area_name",
    "shift_pattern",
    "supervises",
)
PROGRESS_EVERY = 1000


@dataclass
class ForceState:
    """The people, teams, patterns and user names an import is checked against."""

    people: dict[str, dict]  # by staff number, upper case
    teams: dict[str, dict]  # by code
    team_codes: dict[int, str]  # code by pk
    patterns: dict[str, str]  # codes by name
    supervises: dict[int, set[str]]  # team codes by person pk
    usernames: set[str]  # lower case

    @classmethod
    def load(cls) -> ForceState:
        people = {
            p["staff_number"].upper(): p
            for p in Person.objects.values(
                "pk",
                "staff_number",
                "display_name",
                "email",
                "rank",
                "role",
                "team_id",
                "active",
                "deactivated_on",
                "user_id",
                "user__is_active",
                "user__email",
                "shift_pattern__name",
                "shift_pattern_from",
            )
        }
        teams = {
            t["code"]: t
            for t in Team.objects.values(
                "pk", "code", "name", "kind", "shift_pattern_id", "shift_offset", "path"
            )
        }
        team_codes = {t["pk"]: code for code, t in teams.items()}
        supervises: dict[int, set[str]] = {}
        through = Person.supervises.through.objects.values_list("person_id", "team_id")
        for person_id, team_id in through:
            supervises.setdefault(person_id, set()).add(team_codes[team_id])
        User = get_user_model()
        usernames = set(
            User.objects.annotate(lower=Lower(User.USERNAME_FIELD)).values_list(
                "lower", flat=True
            )
        )
        return cls(
            people=people,
            teams=teams,
            team_codes=team_codes,
            patterns=dict(ShiftPattern.objects.values_list("name", "codes")),
            supervises=supervises,
            usernames=usernames,
        )


@dataclass
class TeamPlan:
    code: str
    name: str
    kind: str
    area: str
    pattern: str | None
    offset: int


@dataclass
class RowPlan:
    line: int
    staff_number: str
    values: dict = field(default_factory=dict)  # the person's fields from the file
    team_code: str = ""
    supervises: list[str] | None = None  # None: the file has no such column
    existing: dict | None = None
    own_pattern: OwnPattern | None = None  # None: left alone (own_pattern.py)
    action: str = "invalid"  # new, update, skip or invalid


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    patterns: dict[str, str] = field(default_factory=dict)  # defined in the file
    teams: list[TeamPlan] = field(default_factory=list)
    areas: dict[str, str] = field(default_factory=dict)  # area code: name, to write
    leavers: list[dict] = field(default_factory=list)
    teams_created: int = 0
    supervised: dict[int, set[str]] = field(default_factory=dict)  # before
    changes: list[str] = field(default_factory=list)  # said in the preview


class _Checker:
    """One pass over the rows for each kind of check, in the file's order."""

    def __init__(self, rows: list[dict], state: ForceState) -> None:
        self.rows, self.state = rows, state
        self.row_problems: dict[int, dict[str, str]] = {}
        self.plan = Plan()
        self.defined: dict[str, tuple[int, tuple]] = {}  # team code: (number, def)

    def problem(self, number: int, column: str, message: str) -> None:
        self.row_problems.setdefault(number, {}).setdefault(column, message)

    def known_team(self, code: str) -> bool:
        return (
            code in self.state.teams or code in self.defined or code in self.plan.areas
        )

    def text_cells(self) -> None:
        for number, row in enumerate(self.rows, 1):
            for column in TEXT_COLUMNS:
                problem = text_problem(str(row.get(column) or "").strip(" "))
                if problem:
                    self.problem(number, column, problem)

    def staff_numbers(self) -> set[str]:
        seen: dict[str, int] = {}
        for number, row in enumerate(self.rows, 1):
            staff_number = _cell(row, "staff_number")
            if not staff_number:
                self.problem(number, "staff_number", _("This column is required."))
                continue
            if (
                not STAFF_NUMBER.fullmatch(staff_number)
                or len(staff_number) > STAFF_NUMBER_MAX
            ):
                self.problem(
                    number,
                    "staff_number",
                    _(
                        "'%(number)s' is not a staff number: use up to %(max)s "
                        "letters, digits and hyphens, starting with a letter or "
                        "digit."
                    )
                    % {
                        "number": staff_number.encode("unicode_escape").decode()[:40],
                        "max": STAFF_NUMBER_MAX,
                    },
                )
                continue
            key = staff_number.upper()
            if key in seen:
                self.problem(
                    number,
                    "staff_number",
                    _("Staff number %(number)s is already on line %(line)s.")
                    % {"number": staff_number, "line": _line(seen[key])},
                )
            else:
                seen[key] = number
        return set(seen)

    def patterns(self) -> None:
        defined: dict[str, tuple[int, str]] = {}
        parsed: dict[str, str | ValueError] = {}  # files repeat a few patterns
        for number, row in enumerate(self.rows, 1):
            name, codes = _cell(row, "shift_pattern"), _cell(row, "shift_codes")
            if not codes:
                continue
            if not name:
                self.problem(
                    number,
                    "shift_pattern",
                    _("Name the pattern that shift_codes defines."),
                )
                continue
            if codes not in parsed:
                try:
                    parsed[codes] = ",".join(parse_codes(codes))
                except ValueError as error:
                    parsed[codes] = error
            normalised = parsed[codes]
            if isinstance(normalised, ValueError):
                self.problem(number, "shift_codes", str(normalised))
                continue
            if name in defined and defined[name][1] != normalised:
                self.problem(
                    number,
                    "shift_codes",
                    _("Pattern '%(name)s' has different codes on line %(line)s.")
                    % {"name": name, "line": _line(defined[name][0])},
                )
                continue
            defined.setdefault(name, (number, normalised))
        self.plan.patterns = {name: codes for name, (_n, codes) in defined.items()}

    def teams(self) -> None:
        for number, row in enumerate(self.rows, 1):
            code = _cell(row, "team_code").upper()
            if not code:
                continue
            try:
                definition = self.team_definition(row, code)
            except ValidationError as error:
                for column, messages in error.message_dict.items():
                    self.problem(number, column, messages[0])
                continue
            if definition is None:
                continue
            if code in self.defined:
                if self.defined[code][1] != definition:
                    self.problem(
                        number,
                        "team_name",
                        _("Team %(code)s is described differently on line %(line)s.")
                        % {"code": code, "line": _line(self.defined[code][0])},
                    )
                continue
            self.defined[code] = (number, definition)
            name, kind, area, pattern, offset = definition
            if area:
                self.area(area, _cell(row, "area_name"))
            self.plan.teams.append(TeamPlan(code, name, kind, area, pattern, offset))

    def area(self, code: str, name: str) -> None:
        existing = self.state.teams.get(code)
        if existing is not None and (not name or name == existing["name"]):
            return
        if code in self.plan.areas and not name:
            return
        self.plan.areas[code] = name

    def team_definition(self, row: dict, code: str) -> tuple | None:
        """What the row says of its team, or None if it only names a known one."""
        name, kind_text = _cell(row, "team_name"), _cell(row, "team_kind")
        existing = self.state.teams.get(code)
        if not name:
            if not self.known_team(code):
                raise ValidationError(
                    {
                        "team_code": _(
                            "Unknown team code '%(code)s'. Give team_name and "
                            "team_kind to create it."
                        )
                        % {"code": code}
                    }
                )
            return None
        errors: dict[str, str] = {}
        kind = None
        if not kind_text and code in self.defined:
            kind_text = self.defined[code][1][1]
        try:
            kind = choice_value(
                kind_text or (existing["kind"] if existing else ""),
                Team.Kind,
                "team_kind",
            )
        except ValueError as error:
            errors["team_kind"] = str(error)
        pattern = _cell(row, "shift_pattern") or None
        if (
            pattern
            and pattern not in self.state.patterns
            and pattern not in self.plan.patterns
        ):
            errors["shift_pattern"] = _(
                "Unknown shift pattern '%(name)s'. Add shift_codes to define it."
            ) % {"name": pattern}
        offset = 0
        offset_text = _cell(row, "shift_offset")
        if offset_text:
            try:
                offset = int(offset_text)
                if not 0 <= offset <= 365:
                    raise ValueError
            except ValueError:
                errors["shift_offset"] = _(
                    "'%(value)s' is not a whole number of days from 0 to 365."
                ) % {"value": offset_text}
        area = _cell(row, "area_code").upper()
        if area and not _cell(row, "area_name") and not self.known_team(area):
            errors["area_code"] = _(
                "Unknown area code '%(code)s'. Give area_name to create it."
            ) % {"code": area}
        if errors:
            raise ValidationError(errors)
        return (name, kind, area, pattern, offset)


def plan_import(
    rows: list[dict],
    *,
    deactivate_missing: bool,
    state: ForceState | None = None,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Check every row against the force; the plan says what applying would do."""
    state = state or ForceState.load()
    checker = _Checker(rows, state)
    checker.text_cells()
    staff_numbers = checker.staff_numbers()
    checker.patterns()
    checker.teams()
    fit_check(checker)
    plan = checker.plan
    plan.supervised = state.supervises
    for number, row in enumerate(rows, 1):
        plan.rows.append(_person(checker, number, row))
        if progress and number % PROGRESS_EVERY == 0:
            progress(number)
    for number, columns in checker.row_problems.items():
        plan.rows[number - 1].action = "invalid"
        for column, message in columns.items():
            plan.problems.append(ImportProblem(_line(number), column, message))
    plan.problems.sort(key=lambda p: (p.line or 0, p.column))
    if deactivate_missing and not plan.problems:
        plan.leavers = [
            p
            for key, p in state.people.items()
            if p["active"] and key not in staff_numbers
        ]
    created = {t.code for t in plan.teams} | set(plan.areas)
    plan.teams_created = len(created - state.teams.keys())
    plan.changes = changes_said(plan, state)
    return plan


def _person(checker: _Checker, number: int, row: dict) -> RowPlan:
    """Check one row's person fields; its action if it has no problem."""
    state = checker.state
    staff_number = _cell(row, "staff_number")
    plan = RowPlan(line=_line(number), staff_number=staff_number)
    values = plan.values
    if not _cell(row, "display_name"):
        checker.problem(number, "display_name", _("This column is required."))
    for column in ("display_name", "email", "role"):
        try:
            values[column] = Person._meta.get_field(column).clean(
                _cell(row, column), None
            )
        except ValidationError as error:
            checker.problem(number, column, error.messages[0])
    rank = _cell(row, "rank")
    try:
        if not rank:
            raise ValueError(_("This column is required."))
        values["rank"] = choice_value(rank, Person.Rank, "rank")
    except ValueError as error:
        checker.problem(number, "rank", str(error))
    try:
        values["active"] = YesNoWidget().clean(row.get("active"))
    except ValueError as error:
        checker.problem(number, "active", str(error))
    plan.team_code = _cell(row, "team_code").upper()
    if not plan.team_code:
        checker.problem(number, "team_code", _("A team code is required."))
    elif not checker.known_team(plan.team_code):
        checker.problem(
            number,
            "team_code",
            _("Unknown team code '%(code)s'.") % {"code": plan.team_code},
        )
    if "supervises" in row:
        codes = [
            c.strip().upper() for c in _cell(row, "supervises").split(";") if c.strip()
        ]
        unknown = [c for c in codes if not checker.known_team(c)]
        if unknown:
            checker.problem(
                number,
                "supervises",
                _("Unknown team code(s): %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        plan.supervises = list(dict.fromkeys(codes))
    plan.own_pattern = hr_own_pattern(checker, number, row)
    plan.existing = state.people.get(staff_number.upper())
    if plan.existing is None and staff_number.lower() in state.usernames:
        checker.problem(
            number,
            "staff_number",
            _(
                "Staff number %(number)s is already the user name of another "
                "account; a new person cannot take it over. Check the staff number, "
                "or rename that account first."
            )
            % {"number": staff_number},
        )
    if plan.existing is not None:  # a column the file lacks leaves its field alone
        for column in ("email", "role", "active"):
            if column not in row:
                values[column] = plan.existing[column]
    plan.action = _action(plan, state)
    return plan


def _action(plan: RowPlan, state: ForceState) -> str:
    existing = plan.existing
    if existing is None:
        return "new"
    same = all(existing[f] == plan.values.get(f) for f in plan.values) and (
        state.team_codes.get(existing["team_id"]) == plan.team_code
    )
    if plan.own_pattern is not None:
        same = same and plan.own_pattern == own_pattern_now(existing)
    if plan.supervises is not None:
        same = same and set(plan.supervises) == state.supervises.get(
            existing["pk"], set()
        )
    return "skip" if same else "update"
