"""Every recurring background job, in one list (created by crystal_setup_schedules)."""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "crystal: "


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    func: str
    minutes: int

    @property
    def full_name(self) -> str:
        return PREFIX + self.name


SCHEDULES = [
    ScheduleSpec(
        "forward statements to external LRSs",
        "crystal_learning.xapi.tasks.forward_statements",
        minutes=1,
    ),
    ScheduleSpec(
        "expire timed-out quiz attempts",
        "quizzes.tasks.expire_overdue_attempts",
        minutes=5,
    ),
    ScheduleSpec(
        "programme reminders and supervisor digests",
        "crystal_learning.programmes.tasks.send_reminders",
        minutes=60,
    ),
    ScheduleSpec(
        "coverage snapshot (the day's last run stands)",
        "crystal_learning.reports.tasks.take_coverage_snapshot",
        minutes=60,
    ),
    ScheduleSpec(
        "victim care refreshers (compliance and dip samples)",
        "crystal_learning.victim_care.tasks.assign_refreshers",
        minutes=24 * 60,
    ),
    ScheduleSpec(
        "retention (statements of leavers, old reminder logs)",
        "crystal_learning.privacy.tasks.apply_retention",
        minutes=24 * 60,
    ),
]
