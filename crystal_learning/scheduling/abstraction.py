"""The abstraction policy: which policy applies to a team, and how many of the
team may be away training on one day. The one home of the rule and its
defaults (docs/decisions/0011), used by the planner, plan building and the
abstraction report.

The nearest policy up the team tree applies (the team's own, else its area's,
and so on), else the force-wide default (the policy without a team), else the
built-in defaults below. The lookup is by materialised path (docs/decisions/
0003): no query per team.

No model import at module level: the planner (pure Python, no database)
imports `cap_from` and the defaults.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Protocol

from crystal_learning.people.duty import code_list

if TYPE_CHECKING:
    from .models import AbstractionPolicy

#: Built-in defaults, when not even a force-wide policy is set (the policy
#: model's field defaults are these too).
DEFAULT_CAP_SHARE = 0.10
DEFAULT_MIN_RELEASE = 1
DEFAULT_MIN_STAFFING = 0
DEFAULT_TRAINING_DUTY_CODES_TEXT = "E,L,D"
DEFAULT_TRAINING_DUTY_CODES = frozenset(code_list(DEFAULT_TRAINING_DUTY_CODES_TEXT))
DEFAULT_ALLOW_REST_DAYS = False

#: Policies keyed by their team's path; the force-wide default under None.
Policies = dict[str | None, "AbstractionPolicy"]


class HasPath(Protocol):
    path: str


def policies_by_path() -> Policies:
    """Every policy, keyed for `policy_for_team`, with its shift minimums (2
    queries)."""
    from .models import AbstractionPolicy

    return {
        (p.team.path if p.team_id else None): p
        for p in AbstractionPolicy.objects.select_related("team").prefetch_related(
            "shift_minimums"
        )
    }


def policy_for_team(team: HasPath, policies: Policies) -> AbstractionPolicy | None:
    """The nearest policy up the tree from `team` (itself first), else the
    force-wide default, else None (the built-in defaults apply)."""
    from crystal_learning.people.models import Team

    for depth in range(len(team.path) // Team.steplen, 0, -1):
        policy = policies.get(team.path[: depth * Team.steplen])
        if policy is not None:
            return policy
    return policies.get(None)


def cap_from(
    *, cap_share: float, min_release: int, min_staffing: int, on_duty: int
) -> int:
    """The most of `on_duty` people that may be in training on one day: the
    share (rounded down) but at least `min_release`, never leaving fewer than
    `min_staffing` on duty, and never below 0."""
    cap = min(max(min_release, math.floor(cap_share * on_duty)), on_duty - min_staffing)
    return max(cap, 0)


def min_staffing(policy: AbstractionPolicy | None) -> int:
    return (policy.min_staffing or 0) if policy else DEFAULT_MIN_STAFFING


def daily_cap(policy: AbstractionPolicy | None, members: int) -> int:
    """The cap of a team of `members` all on duty under `policy` (None: the
    built-in defaults); absences and shifts only lower it."""
    return cap_from(
        cap_share=float(policy.cap_share) if policy else DEFAULT_CAP_SHARE,
        min_release=policy.min_release if policy else DEFAULT_MIN_RELEASE,
        min_staffing=min_staffing(policy),
        on_duty=members,
    )


#: ShiftMinimum.weekday (0 Monday) as the planner's per-day keys.
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def shift_minimums(policy: AbstractionPolicy | None) -> dict[str, int | dict]:
    """The policy's minimum staffing per duty code, as the planner reads it:
    {"E": 6, "L": {"default": 7, "sat": 8}} (empty: none). Uses the
    prefetched `shift_minimums` rows."""
    if policy is None:
        return {}
    minimums: dict[str, dict[str, int]] = {}
    for row in policy.shift_minimums.all():
        key = "default" if row.weekday is None else WEEKDAY_KEYS[row.weekday]
        minimums.setdefault(row.duty_code, {})[key] = row.minimum
    return {
        code: days["default"] if list(days) == ["default"] else days
        for code, days in minimums.items()
    }
