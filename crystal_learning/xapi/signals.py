"""What the learning record tells the other apps (docs/decisions/0014).

Each app connects its receivers in its AppConfig.ready() (modules, quizzes,
programmes); the xAPI app never names them. Receivers run inside the recording
transaction: an exception rolls the statements back with them.

- `browser_statements_recorded(person, statements)`: a signed-in learner's
  browser posted these statements and they were stored. The modules app turns
  video statements into accepted watched time (and may record a completion).
- `progress_changed(pairs)`: these (person id, activity id) pairs changed in a
  way that can meet or unmeet a requirement: their status or the content
  version they were done on (not a heartbeat's percentage or last-seen time).
  The programmes app completes assignments from it.
- `milestones_missing()`: before the projection is rebuilt, each app records
  the platform statements its own records show were earned but the store
  lacks; each receiver returns how many it recorded.
"""

from __future__ import annotations

from django.dispatch import Signal

browser_statements_recorded = Signal()
progress_changed = Signal()
milestones_missing = Signal()
