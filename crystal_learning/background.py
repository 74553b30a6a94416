"""Work that runs in the request when it is small and as a django-q2 job when
it is not: the HR import and the victim care import share the rule."""

from __future__ import annotations

from collections.abc import Callable


def run_now_or_queued(
    job: Callable, *, tasks: str, rows: int, inline_rows: int, import_id: int
) -> None:
    """`job(import_id=...)` now when `rows` is at most `inline_rows`, else queued
    as `{tasks}.{job.__name__}` (the app's tasks module names it the same)."""
    if rows <= inline_rows:
        job(import_id=import_id)
        return
    from django_q.tasks import async_task

    async_task(
        f"{tasks}.{job.__name__}",
        import_id=import_id,
        task_name=f"{job.__name__}-{import_id}",
    )
