"""The demo's people are fictional: the e-mail that building the demo causes
(booking confirmations with their calendar files, mostly) is counted, never sent
nor printed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.mail.backends.base import BaseEmailBackend
from django.test.utils import override_settings


class HeldBackend(BaseEmailBackend):
    """An e-mail backend that only counts what it is given."""

    held = 0

    def send_messages(self, email_messages) -> int:
        count = len(list(email_messages))
        HeldBackend.held += count
        return count


@contextmanager
def mail_held() -> Iterator[HeldBackend]:
    """Within: no e-mail leaves or is printed; `HeldBackend.held` counts it."""
    HeldBackend.held = 0
    with override_settings(
        EMAIL_BACKEND=f"{HeldBackend.__module__}.{HeldBackend.__qualname__}"
    ):
        yield HeldBackend
