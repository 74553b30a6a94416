"""The audit log: admin actions and every export of personal data.

Entries go to Wagtail's own log (ModelLogEntry), beside what Wagtail records
itself (pages, snippets and the people, teams and absences edited through
viewsets), so Admin -> Reports -> Site history shows them all, filterable by
user, action and date. The actions are registered in wagtail_hooks.py.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

#: An export that names people (a report, a list, a subject access export).
EXPORT = "crystal.export"
#: A person's data exported for them (subject access).
SUBJECT_ACCESS = "crystal.subject_access"
#: A person's identifying data erased (anonymised).
ERASURE = "crystal.erasure"
#: The HR file applied; a plan published; deliveries retried.
HR_IMPORT = "crystal.hr_import"
PLAN_PUBLISH = "crystal.plan_publish"
DELIVERY_RETRY = "crystal.delivery_retry"
#: A Statements API key or client address locked after failed sign-ins.
XAPI_LOCKOUT = "crystal.xapi_lockout"
#: An API client voided statements the platform recorded (completions, passes).
VOID_PLATFORM = "crystal.void_platform"
#: A victim care extract (record box outcomes) applied.
VICTIM_CARE_IMPORT = "crystal.victim_care_import"

ACTIONS = {
    EXPORT: (_("Export personal data"), _("Exported personal data")),
    SUBJECT_ACCESS: (_("Subject access export"), _("Exported everything held")),
    ERASURE: (_("Erase personal data"), _("Personal data erased")),
    HR_IMPORT: (_("Apply HR import"), _("HR import applied")),
    PLAN_PUBLISH: (_("Publish plan"), _("Plan published")),
    DELIVERY_RETRY: (_("Retry LRS deliveries"), _("Deliveries queued again")),
    XAPI_LOCKOUT: (
        _("Lock out Statements API sign-ins"),
        _("Statements API sign-ins locked after repeated failures"),
    ),
    VOID_PLATFORM: (
        _("Void platform statements"),
        _("Platform statements voided by an API client"),
    ),
    VICTIM_CARE_IMPORT: (
        _("Apply victim care import"),
        _("Victim care records imported"),
    ),
}


def audit(
    instance: models.Model, action: str, *, user=None, title: str = "", **data
) -> None:
    """Record `action` on `instance` by `user`, with what it concerned in data."""
    if user is not None and not user.is_authenticated:
        user = None
    log(instance, action, user=user, title=title or None, data=data)


def export_audit(request, *, report: str, kind: str, rows: int) -> None:
    """Record who exported which report, in what format, how many rows, filtered
    how. Logged against the exporting user's account: the site history shows
    these to administrators who manage users, not to everyone in the admin."""
    audit(
        request.user,
        EXPORT,
        user=request.user,
        report=str(report),
        format=kind,
        rows=rows,
        filters={
            _storable(key): [_storable(v) for v in request.GET.getlist(key)]
            for key in request.GET
            if key
        },
    )


def _storable(text: str) -> str:
    """PostgreSQL cannot store NUL in JSON: shown as U+FFFD in the log."""
    return text.replace("\x00", "\ufffd")


class AuditedSpreadsheetExport:
    """For Wagtail report and index views: their CSV/XLSX exports are audited."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        export_audit(
            self.request,
            report=getattr(self, "audit_report", None) or self.get_page_title(),
            kind=spreadsheet_format,
            rows=queryset.count(),
        )
        return response


class ExportFormatter(LogFormatter):
    label = ACTIONS[EXPORT][0]

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Exported %(report)s (%(format)s, %(rows)s rows)") % {
            "report": data.get("report", "?"),
            "format": str(data.get("format", "")).upper(),
            "rows": data.get("rows", "?"),
        }
