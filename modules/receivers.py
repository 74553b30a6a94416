"""The modules app's answers to the learning record (connected in apps.py)."""

from __future__ import annotations

from . import services


def video_statements_accept(sender, *, person, statements, **kwargs) -> None:
    """A learner's browser posted statements: fold video ones into watched time."""
    services.video_statements_accept(person=person, statements=statements)


def module_completions_restore(sender, **kwargs) -> int:
    """Before a rebuild: record completions the viewing records show."""
    return services.module_completions_restore()
