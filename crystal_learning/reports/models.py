"""Coverage snapshots: one row per programme, team and day, for the trend."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageSnapshot(models.Model):
    """A team's coverage of a programme at the end of a day.

    Taken by the hourly job (the last run of the day stands) and rebuilt for
    past days from the xAPI store by `manage.py crystal_coverage_backfill`.
    People are counted in the team they belong to now. Besides a row per team
    (level "team"), each day has a row per area (the sum of its teams, level
    "area") and one for the force (level "force", on the root team), so the
    trend reads a few hundred rows, not a million.
    """

    class Level(models.TextChoices):
        TEAM = "team", _("Team")
        AREA = "area", _("Area")
        FORCE = "force", _("Force")

    programme = models.ForeignKey(
        "crystal_programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        "crystal_people.Team", on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(max_length=5, choices=Level, default=Level.TEAM)
    date = models.DateField(_("date"))
    assigned = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    booked = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "level", "date", "team"],
                name="crystal_snapshot_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.team_id} {self.date}"
