"""Duty codes: what a shift pattern says a team (or a person with their own
pattern) does on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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


#: Where a weekly pattern's first code (Monday) falls: any Monday.
A_MONDAY = date(2024, 1, 1)


@dataclass(frozen=True)
class Roster:
    """A repeating list of codes, the first falling on `start`."""

    codes: tuple[str, ...]
    start: date

    def code_on(self, day: date) -> str:
        return self.codes[(day - self.start).days % len(self.codes)]


def team_roster(team) -> Roster | None:
    """The team's pattern as a roster (its offset applied), or None without one."""
    pattern = team.shift_pattern
    if pattern is None or not pattern.code_list:
        return None
    if pattern.kind == "weekday":
        return Roster(tuple(pattern.code_list), A_MONDAY)
    return Roster(
        tuple(pattern.code_list),
        pattern.anchor_date + timedelta(days=team.shift_offset),
    )


def own_roster(person) -> Roster | None:
    """The person's own pattern from its first day (a weekly pattern stays on
    its weekdays; a cycle's first code falls on that day), or None."""
    pattern = person.shift_pattern if person.shift_pattern_id else None
    if pattern is None or not pattern.code_list or person.shift_pattern_from is None:
        return None
    start = person.shift_pattern_from
    codes = tuple(pattern.code_list)
    if pattern.kind == "weekday":  # rotate so the first code is start's weekday
        shift = start.weekday()
        codes = codes[shift:] + codes[:shift]
    return Roster(codes, start)


def duty_code_on(person, day: date) -> str | None:
    """The one rule (database side) for a person's duty code on a day: their own
    pattern from its first day, else their team's; None when neither has one.
    The planner's `problem.duty_code` applies the same rule to its instance."""
    own = own_roster(person)
    if own is not None and day >= own.start:
        return own.code_on(day)
    team = team_roster(person.team)
    return team.code_on(day) if team else None
