"""Duty codes: what a shift pattern says a team does on a day."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DutyCode(models.TextChoices):
    EARLY = "E", _("Early")
    LATE = "L", _("Late")
    NIGHT = "N", _("Night")
    DAY = "D", _("Day (weekday office hours)")
    REST = "R", _("Rest day")


WORKING_CODES = frozenset({DutyCode.EARLY, DutyCode.LATE, DutyCode.NIGHT, DutyCode.DAY})


def code_list(text: str) -> list[str]:
    """Split "E, e,L" into ["E", "E", "L"]: how every comma-separated list of
    duty codes (patterns, abstraction policies) is read."""
    return [part.strip().upper() for part in text.split(",") if part.strip()]


def parse_codes(text: str) -> list[str]:
    """Split "E,E,L,L" into codes; raise ValueError naming any unknown code."""
    codes = code_list(text)
    if not codes:
        raise ValueError(_("A shift pattern needs at least one duty code."))
    unknown = [code for code in codes if code not in DutyCode.values]
    if unknown:
        raise ValueError(
            _("Unknown duty code %(codes)s; use %(known)s.")
            % {
                "codes": ", ".join(sorted(set(unknown))),
                "known": ", ".join(f"{c.value} ({c.label})" for c in DutyCode),
            }
        )
    return codes
