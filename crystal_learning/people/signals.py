"""What the people app tells the others (docs/decisions/0014).

- `people_changed(person_ids)`: these people joined, moved team, changed rank
  or left. Receivers (the programmes app re-syncs assignments; connected in its
  AppConfig.ready()) run in the caller's transaction, so an import and the
  assignments it causes commit or roll back together.
"""

from __future__ import annotations

from django.dispatch import Signal

people_changed = Signal()
