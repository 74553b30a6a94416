"""HR import of teams and people from CSV, built on django-import-export.

The file is keyed on staff number. Teams named in the file are created or
updated first; then each row creates or updates a person. Any error anywhere
rolls the whole import back, and every problem is reported with its line
number and column name. See docs/hr-import.md for the columns.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .csv_import import (
    ChoiceWidget,
    ImportProblem,
    ImportReport,
    RequiredTextWidget,
    TextWidget,
    YesNoWidget,
    check_columns,
    parse_csv,
    run_resource_import,
)
from .csv_import import cell as _cell
from .csv_import import choice_value as _choice
from .csv_import import line_of as _line
from .duty import parse_codes
from .models import PeopleImport, Person, ShiftPattern, Team
from .services import (
    people_changed,
    person_deactivate,
    person_save,
    shift_pattern_upsert,
    team_upsert,
)

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


class TeamCodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        code = "" if value is None else str(value).strip().upper()
        if not code:
            raise ValueError(_("A team code is required."))
        team = Team.objects.filter(code=code).first()
        if team is None:
            raise ValueError(_("Unknown team code '%(code)s'.") % {"code": code})
        return team


class PersonResource(resources.ModelResource):
    staff_number = fields.Field(
        "staff_number", "staff_number", widget=RequiredTextWidget()
    )
    display_name = fields.Field(
        "display_name", "display_name", widget=RequiredTextWidget()
    )
    email = fields.Field("email", "email", widget=TextWidget())
    rank = fields.Field("rank", "rank", widget=ChoiceWidget(Person.Rank, "rank"))
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
        self.changed: set[int] = set()  # people whose team, rank or status changed
        self.teams_created = 0

    # -- file-level checks and teams -------------------------------------
    def before_import(self, dataset, **kwargs):
        headers = [h.strip() if h else "" for h in (dataset.headers or [])]
        dataset.headers = headers
        check_columns(headers, REQUIRED_COLUMNS, ALL_COLUMNS)
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
            changed=self.changed,
        )

    def after_import(self, dataset, result, **kwargs):
        # Inside the import's transaction: leavers, then one announcement of
        # everyone who joined, moved or left, so programme assignments follow
        # in the same transaction (and a dry run rolls them back too).
        if result.has_errors() or result.has_validation_errors():
            return
        self._deactivate_leavers(result)
        people_changed(self.changed)

    def _deactivate_leavers(self, result) -> None:
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
                person=person,
                by=self.by,
                people_import=self.people_import,
                changed=self.changed,
            )
            self.deactivated.append(person.staff_number)


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
    result, problems = run_resource_import(resource, dataset, dry_run=dry_run)
    report.problems.extend(problems)
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
