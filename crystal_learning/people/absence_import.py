"""Absence import from CSV (leave, sickness, courses from the duty system).

Keyed on staff number, kind and first day: re-importing the same file changes
nothing; a changed last day or note updates the absence. All or nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .csv_import import (
    ChoiceWidget,
    ImportProblem,
    ImportReport,
    TextWidget,
    cell,
    check_columns,
    line_of,
    parse_csv,
    run_resource_import,
)
from .models import Absence, Person

REQUIRED_COLUMNS = ("staff_number", "kind", "first_day", "last_day")
ALL_COLUMNS = (*REQUIRED_COLUMNS, "note")


class PersonByStaffNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        number = "" if value is None else str(value).strip()
        if not number:
            raise ValueError(_("A staff number is required."))
        person = Person.objects.filter(staff_number__iexact=number).first()
        if person is None:
            raise ValueError(
                _("Unknown staff number '%(number)s'.") % {"number": number}
            )
        return person

    def render(self, value, obj=None, **kwargs):
        return value.staff_number if value else ""


class IsoDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(_("A date is required."))
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("'%(value)s' is not a date; write it as YYYY-MM-DD.")
                % {"value": text}
            ) from None


class AbsenceResource(resources.ModelResource):
    person = fields.Field("person", "staff_number", widget=PersonByStaffNumberWidget())
    kind = fields.Field("kind", "kind", widget=ChoiceWidget(Absence.Kind, "kind"))
    starts_on = fields.Field("starts_on", "first_day", widget=IsoDateWidget())
    ends_on = fields.Field("ends_on", "last_day", widget=IsoDateWidget())
    note = fields.Field("note", "note", widget=TextWidget())

    COLUMN_FOR_ATTRIBUTE = {
        "person": "staff_number",
        "starts_on": "first_day",
        "ends_on": "last_day",
    }

    class Meta:
        model = Absence
        import_id_fields = ("person", "kind", "starts_on")
        fields = ("person", "kind", "starts_on", "ends_on", "note")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True

    def before_import(self, dataset, **kwargs):
        dataset.headers = [h.strip() if h else "" for h in (dataset.headers or [])]
        check_columns(dataset.headers, REQUIRED_COLUMNS, ALL_COLUMNS)

    def get_instance(self, instance_loader, row):
        # A bad key column is reported by its field below, with the column name.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.pk:
            instance.source = "hr"


def absences_import_run(*, data: bytes | str, dry_run: bool) -> ImportReport:
    """Import (or preview) an absences file. All or nothing."""
    report = ImportReport(dry_run=dry_run)
    try:
        dataset = parse_csv(data)
    except ValueError as error:
        report.problems.append(ImportProblem(None, "", str(error)))
        return report
    result, problems = run_resource_import(AbsenceResource(), dataset, dry_run=dry_run)
    report.problems.extend(problems)
    totals = Counter(row.import_type for row in result.rows)
    for number, values in enumerate(dataset.dict, 1):
        report.rows.append(
            {"line": line_of(number), "staff_number": cell(values, "staff_number")}
        )
    report.counts = {
        "new": totals.get("new", 0),
        "updated": totals.get("update", 0),
        "unchanged": totals.get("skip", 0),
        "rows": result.total_rows,
    }
    return report
