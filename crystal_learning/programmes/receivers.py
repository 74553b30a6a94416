"""The programmes app's answers to the people app and the learning record
(connected in apps.py)."""

from __future__ import annotations

from . import services


def people_changed(sender, *, person_ids, **kwargs) -> None:
    """People joined, moved or left: sync their assignments."""
    services.people_changed(person_ids=person_ids)


def programme_progress_changed(sender, *, pairs, **kwargs) -> None:
    """Someone's status on an activity moved: complete the assignments it meets."""
    services.programme_progress_changed(pairs=pairs)


def programme_completions_restore(sender, **kwargs) -> int:
    """Before a rebuild: record completions the assignments show."""
    return services.programme_completions_restore()
