"""The admin home's panels: who is signed in, and what needs a training
manager's attention. Each panel reads through the selectors that own its rule
and shows only what the user may see (a fixed number of queries each)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from crystal_learning.people.roles import (
    CONTENT_EDITOR,
    LEARNER,
    SUPERVISOR,
    TRAINING_MANAGER,
    user_roles,
)
from crystal_learning.scheduling.selectors import (
    plans_in_draft,
    sessions_with_free_places,
)

from .admin_views import may_report
from .attention import overdue_people_by_area

#: Rows a list panel shows before it points to the full screen.
LIST_LIMIT = 10
#: "This week": today and the six days after it.
WEEK_DAYS = 7
MANAGES_SESSIONS = "crystal_scheduling.change_trainingsession"
ROLE_LABELS = {
    TRAINING_MANAGER: _("Training manager"),
    CONTENT_EDITOR: _("Content editor"),
    SUPERVISOR: _("Supervisor"),
    LEARNER: _("Learner"),
}


class HomePanel(Component):
    """A panel of the admin home, rendered only for the users it concerns."""

    def __init__(self, request) -> None:
        self.request = request

    def is_shown(self) -> bool:
        return True

    def render_html(self, parent_context=None) -> str:
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)


def _limited(rows: list) -> tuple[list, bool]:
    """The first LIST_LIMIT rows, and whether there were more."""
    return rows[:LIST_LIMIT], len(rows) > LIST_LIMIT


class WelcomePanel(HomePanel):
    """The person's own name and role(s): the header hides them on a phone."""

    name = "crystal_welcome"
    order = 10
    template_name = "crystal_reports/admin/home/welcome.html"

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        user = self.request.user
        person = getattr(user, "person", None)
        held = user_roles(user)
        roles = [str(label) for role, label in ROLE_LABELS.items() if role in held]
        if user.is_superuser:
            roles.insert(0, str(_("Administrator")))
        return {
            "name": (person.display_name if person else user.get_full_name())
            or user.get_username(),
            "username": user.get_username(),
            "roles": roles,
        }


class OverdueByAreaPanel(HomePanel):
    """People with overdue training per area, for training managers."""

    name = "crystal_overdue_by_area"
    order = 20
    template_name = "crystal_reports/admin/home/overdue_by_area.html"

    def is_shown(self) -> bool:
        return may_report(self.request.user)

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        coverage = reverse("crystal_reports_admin:coverage")
        overdue = reverse("crystal_reports_admin:overdue")

        def in_area(url: str, row) -> str | None:
            return f"{url}?{urlencode({'area': row.area.pk})}" if row.area else None

        rows = [
            {
                "area": row.area,
                "people": row.people,
                "coverage_url": in_area(coverage, row),
                "overdue_url": in_area(overdue, row) or overdue,
            }
            for row in overdue_people_by_area(as_of=timezone.localdate())
        ]
        return {
            "rows": rows,
            "total": sum(row["people"] for row in rows),
            "overdue_url": overdue,
        }


class SessionsWithPlacesPanel(HomePanel):
    """Sessions in the next seven days that still have places to fill."""

    name = "crystal_sessions_with_places"
    order = 30
    template_name = "crystal_reports/admin/home/sessions_with_places.html"

    def is_shown(self) -> bool:
        return self.request.user.has_perm(MANAGES_SESSIONS)

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        today = timezone.localdate()
        last = today + timedelta(days=WEEK_DAYS - 1)
        sessions, more = _limited(
            sessions_with_free_places(start=today, end=last, limit=LIST_LIMIT + 1)
        )
        return {"sessions": sessions, "more": more, "today": today, "last": last}


class DraftPlansPanel(HomePanel):
    """Briefing plans waiting to be checked and published."""

    name = "crystal_draft_plans"
    order = 40
    template_name = "crystal_reports/admin/home/draft_plans.html"

    def is_shown(self) -> bool:
        return self.request.user.has_perm(MANAGES_SESSIONS)

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        plans, more = _limited(plans_in_draft(limit=LIST_LIMIT + 1))
        return {"plans": plans, "more": more}
