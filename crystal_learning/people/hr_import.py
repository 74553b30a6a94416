"""HR import of teams and people from CSV, built on django-import-export.

The file is keyed on staff number. Teams named in the file are created or
updated first; then each row creates or updates a person. Any error anywhere
rolls the whole import back, and every problem is reported with its line
number and column name. See docs/hr-import.md for the columns.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .duty import parse_codes
from .models import PeopleImport, Person, ShiftPattern, Team
from .services import person_deactivate, person_save, shift_pattern_upsert, team_upsert

REQUIRED_COLUMNS = ("staff_number", "display_name", "rank", "team_code")
OPTIONAL_COLUMNS = (
    "email",
    "role",
    "team_name",
    "team_kind",
    "area_code",
    "area_name",
    "shift_pattern",
    "shift_codes",
    "shift_offset",
    "supervises",
    "active",
)
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
MAX_ROWS = 50_000
HEADER_LINES = 1


@dataclass(frozen=True)
class ImportProblem:
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = _("Line %(line)s") % {"line": self.line} if self.line else _("File")
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    problems: list[ImportProblem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


def _line(row_number: int) -> int:
    return row_number + HEADER_LINES


def _cell(row: dict, column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


def _choice(value: str, choices: type, column: str) -> str:
    lookup = {c.value.lower(): c.value for c in choices} | {
        str(c.label).lower(): c.value for c in choices
    }
    found = lookup.get(value.strip().lower())
    if found is None:
        raise ValueError(
            _("'%(value)s' is not a valid %(column)s; use one of %(known)s.")
            % {
                "value": value,
                "column": column,
                "known": ", ".join(c.value for c in choices),
            }
        )
    return found


class RankWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if not value or not str(value).strip():
            raise ValueError(_("A rank is required."))
        return _choice(str(value), Person.Rank, "rank")


class RequiredTextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(_("This column is required."))
        return text


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class TeamCodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        code = "" if value is None else str(value).strip().upper()
        if not code:
            raise ValueError(_("A team code is required."))
        team = Team.objects.filter(code=code).first()
        if team is None:
            raise ValueError(_("Unknown team code '%(code)s'.") % {"code": code})
        return team


class YesNoWidget(widgets.Widget):
    TRUE = {"", "yes", "y", "true", "1", "active"}
    FALSE = {"no", "n", "false", "0", "inactive", "leaver"}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("'%(value)s' is not yes or no.") % {"value": value})


class PersonResource(resources.ModelResource):
    staff_number = fields.Field(
        "staff_number", "staff_number", widget=RequiredTextWidget()
    )
    display_name = fields.Field(
        "display_name", "display_name", widget=RequiredTextWidget()
    )
    email = fields.Field("email", "email", widget=TextWidget())
    rank = fields.Field("rank", "rank", widget=RankWidget())
    role = fields.Field("role", "role", widget=TextWidget())
    team = fields.Field("team", "team_code", widget=TeamCodeWidget())
    active = fields.Field("active", "active", widget=YesNoWidget())

    #: Report each field under the column name the file uses.
    COLUMN_FOR_ATTRIBUTE = {"team": "team_code"}

    class Meta:
        model = Person
        import_id_fields = ("staff_number",)
        fields = (
            "staff_number",
            "display_name",
            "email",
            "rank",
            "role",
            "team",
            "active",
        )
        clean_model_instances = True
        use_transactions = True
        skip_diff = False
        skip_html_diff = True
        report_skipped = True

    def __init__(
        self,
        *,
        by=None,
        people_import: PeopleImport | None = None,
        deactivate_missing: bool = False,
    ) -> None:
        super().__init__()
        self.by = by
        self.people_import = people_import
        self.deactivate_missing = deactivate_missing
        self.row_problems: dict[int, dict[str, str]] = defaultdict(dict)
        self.supervises: dict[int, list[Team]] = {}
        self.staff_numbers: set[str] = set()
        self.deactivated: list[str] = []
        self.teams_created = 0

    # -- file-level checks and teams -------------------------------------
    def before_import(self, dataset, **kwargs):
        headers = [h.strip() if h else "" for h in (dataset.headers or [])]
        dataset.headers = headers
        missing = [c for c in REQUIRED_COLUMNS if c not in headers]
        if missing:
            raise ValueError(
                _(
                    "Missing required column(s): %(missing)s. The first line must "
                    "name the columns."
                )
                % {"missing": ", ".join(missing)}
            )
        unknown = [h for h in headers if h not in ALL_COLUMNS]
        if unknown:
            raise ValueError(
                _("Unknown column(s): %(unknown)s. Known columns: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(ALL_COLUMNS)}
            )
        rows = [dict(zip(headers, values, strict=False)) for values in dataset]
        self._check_duplicates(rows)
        self._upsert_patterns(rows)
        self._upsert_teams(rows)
        self._resolve_supervises(rows)

    def _problem(self, number: int, column: str, message: str) -> None:
        self.row_problems[number].setdefault(column, message)

    def _check_duplicates(self, rows: list[dict]) -> None:
        seen: dict[str, int] = {}
        for number, row in enumerate(rows, 1):
            staff_number = _cell(row, "staff_number")
            if not staff_number:
                continue
            key = staff_number.upper()
            if key in seen:
                self._problem(
                    number,
                    "staff_number",
                    _("Staff number %(number)s is already on line %(line)s.")
                    % {"number": staff_number, "line": _line(seen[key])},
                )
            else:
                seen[key] = number
        self.staff_numbers = set(seen)

    def _upsert_patterns(self, rows: list[dict]) -> None:
        defined: dict[str, tuple[int, str]] = {}
        for number, row in enumerate(rows, 1):
            name, codes = _cell(row, "shift_pattern"), _cell(row, "shift_codes")
            if not codes:
                continue
            if not name:
                self._problem(
                    number,
                    "shift_pattern",
                    _("Name the pattern that shift_codes defines."),
                )
                continue
            try:
                normalised = ",".join(parse_codes(codes))
            except ValueError as error:
                self._problem(number, "shift_codes", str(error))
                continue
            if name in defined and defined[name][1] != normalised:
                self._problem(
                    number,
                    "shift_codes",
                    _("Pattern '%(name)s' has different codes on line %(line)s.")
                    % {"name": name, "line": _line(defined[name][0])},
                )
                continue
            if name not in defined:
                defined[name] = (number, normalised)
                existing = ShiftPattern.objects.filter(name=name).first()
                if existing is None or existing.codes != normalised:
                    shift_pattern_upsert(name=name, codes=normalised)

    def _upsert_teams(self, rows: list[dict]) -> None:
        seen: dict[str, tuple[int, tuple]] = {}
        for number, row in enumerate(rows, 1):
            code = _cell(row, "team_code").upper()
            if not code:
                continue
            try:
                definition = self._team_definition(row, code)
            except ValidationError as error:
                for column, messages in error.message_dict.items():
                    self._problem(number, column, messages[0])
                continue
            if definition is None:
                continue
            if code in seen and seen[code][1] != definition:
                self._problem(
                    number,
                    "team_name",
                    _("Team %(code)s is described differently on line %(line)s.")
                    % {"code": code, "line": _line(seen[code][0])},
                )
                continue
            if code in seen:
                continue
            seen[code] = (number, definition)
            if self.row_problems:
                continue  # the import will roll back; don't build on bad rows
            name, kind, area, pattern, offset = definition
            created = not Team.objects.filter(code=code).exists()
            parent = self._area(area, row) if area else None
            team_upsert(
                code=code,
                name=name,
                kind=kind,
                parent=parent,
                shift_pattern=pattern,
                shift_offset=offset,
            )
            self.teams_created += int(created)

    def _team_definition(self, row: dict, code: str) -> tuple | None:
        """What the row says of its team, or None if it only names an existing one."""
        name, kind_text = _cell(row, "team_name"), _cell(row, "team_kind")
        existing = Team.objects.filter(code=code).first()
        if not name:
            if existing is None:
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
        try:
            kind = _choice(
                kind_text or (existing.kind if existing else ""), Team.Kind, "team_kind"
            )
        except ValueError as error:
            errors["team_kind"] = str(error)
        pattern = None
        pattern_name = _cell(row, "shift_pattern")
        if pattern_name:
            pattern = ShiftPattern.objects.filter(name=pattern_name).first()
            if pattern is None and not _cell(row, "shift_codes"):
                errors["shift_pattern"] = _(
                    "Unknown shift pattern '%(name)s'. Add shift_codes to define it."
                ) % {"name": pattern_name}
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
        if (
            area
            and not _cell(row, "area_name")
            and not Team.objects.filter(code=area).exists()
        ):
            errors["area_code"] = _(
                "Unknown area code '%(code)s'. Give area_name to create it."
            ) % {"code": area}
        if errors:
            raise ValidationError(errors)
        return (name, kind, area, pattern, offset)

    def _area(self, code: str, row: dict) -> Team:
        name = _cell(row, "area_name")
        area = Team.objects.filter(code=code).first()
        if area is not None and (not name or name == area.name):
            return area
        self.teams_created += int(area is None)
        return team_upsert(code=code, name=name, kind=Team.Kind.AREA)

    def _resolve_supervises(self, rows: list[dict]) -> None:
        for number, row in enumerate(rows, 1):
            if "supervises" not in row:
                continue
            codes = [
                c.strip().upper()
                for c in _cell(row, "supervises").split(";")
                if c.strip()
            ]
            teams = {t.code: t for t in Team.objects.filter(code__in=codes)}
            unknown = [c for c in codes if c not in teams]
            if unknown:
                self._problem(
                    number,
                    "supervises",
                    _("Unknown team code(s): %(codes)s.")
                    % {"codes": ", ".join(unknown)},
                )
                continue
            self.supervises[number] = [teams[c] for c in codes]

    # -- rows ---------------------------------------------------------------
    def before_import_row(self, row, **kwargs):
        problems = self.row_problems.get(kwargs["row_number"])
        if problems:
            raise ValidationError(problems)

    def import_row(self, row, instance_loader, **kwargs):
        self._row_number = kwargs["row_number"]
        return super().import_row(row, instance_loader, **kwargs)

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors.keys(), "user"], validate_unique=validate_unique
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        tracked = ("display_name", "email", "rank", "role", "team_id", "active")
        same = all(getattr(instance, f) == getattr(original, f) for f in tracked)
        wanted = self.supervises.get(self._row_number)
        if wanted is not None:
            same = same and {t.pk for t in wanted} == set(
                original.supervises.values_list("pk", flat=True)
            )
        return same

    def save_instance(self, instance, is_create, row, **kwargs):
        person_save(
            person=instance,
            supervises=self.supervises.get(kwargs["row_number"]),
            by=self.by,
            people_import=self.people_import,
        )

    def after_import(self, dataset, result, **kwargs):
        if (
            not self.deactivate_missing
            or result.has_errors()
            or result.has_validation_errors()
        ):
            return
        leavers = Person.objects.filter(active=True).exclude(
            staff_number__in=self.staff_numbers
        )
        for person in leavers.select_related("user", "team"):
            if person.staff_number.upper() in self.staff_numbers:
                continue
            person_deactivate(
                person=person, by=self.by, people_import=self.people_import
            )
            self.deactivated.append(person.staff_number)


def parse_csv(data: bytes | str) -> tablib.Dataset:
    """Read CSV into a Dataset; ValueError with a readable reason if it is not CSV."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValueError(
                _("The file is not UTF-8 text (byte %(pos)s).") % {"pos": error.start}
            ) from error
    data = data.lstrip("\ufeff")
    if not data.strip():
        raise ValueError(_("The file is empty."))
    try:
        rows = list(csv.reader(io.StringIO(data), strict=True))
    except csv.Error as error:
        raise ValueError(
            _("The file is not valid CSV: %(error)s.") % {"error": error}
        ) from error
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ValueError(_("The file is empty."))
    header, body = rows[0], rows[1:]
    if len(body) > MAX_ROWS:
        raise ValueError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    for number, values in enumerate(body, 1):
        if len(values) != len(header):
            raise ValueError(
                _(
                    "Line %(line)s has %(got)s values but the header names %(want)s "
                    "columns."
                )
                % {"line": _line(number), "got": len(values), "want": len(header)}
            )
    dataset = tablib.Dataset(headers=[h.strip() for h in header])
    for values in body:
        dataset.append(values)
    return dataset


def people_import_run(
    *,
    data: bytes | str,
    dry_run: bool,
    deactivate_missing: bool = False,
    by=None,
    people_import: PeopleImport | None = None,
) -> ImportReport:
    """Import (or preview, with dry_run) an HR file. All or nothing."""
    report = ImportReport(dry_run=dry_run)
    try:
        dataset = parse_csv(data)
    except ValueError as error:
        report.problems.append(ImportProblem(None, "", str(error)))
        return report
    resource = PersonResource(
        by=by, people_import=people_import, deactivate_missing=deactivate_missing
    )
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            raise_errors=False,
        )
        report.problems.extend(_problems(result, resource))
        if report.problems and not dry_run:
            transaction.set_rollback(True)
    totals = Counter()
    for number, (values, row_result) in enumerate(
        zip(dataset.dict, result.rows, strict=False), 1
    ):
        totals[row_result.import_type] += 1
        report.rows.append(
            {
                "line": _line(number),
                "staff_number": _cell(values, "staff_number"),
                "display_name": _cell(values, "display_name"),
                "team_code": _cell(values, "team_code").upper(),
                "action": row_result.import_type,
            }
        )
    report.counts = {
        "new": totals.get("new", 0),
        "updated": totals.get("update", 0),
        "unchanged": totals.get("skip", 0),
        "deactivated": len(resource.deactivated),
        "teams_created": resource.teams_created,
        "rows": result.total_rows,
    }
    report.deactivated = resource.deactivated
    return report


def _problems(result, resource: PersonResource) -> list[ImportProblem]:
    problems = [
        ImportProblem(None, "", str(error.error)) for error in result.base_errors
    ]
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = resource.COLUMN_FOR_ATTRIBUTE.get(attribute, attribute)
            if column == "__all__":
                column = ""
            for message in messages:
                problems.append(
                    ImportProblem(_line(invalid.number), column, str(message))
                )
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(ImportProblem(_line(number), "", str(error.error)))
    return sorted(problems, key=lambda p: (p.line or 0, p.column))
