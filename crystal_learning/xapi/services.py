"""Writes of the xAPI app besides recording statements (pipeline.py): API
client credentials, and restoring missing platform milestones before a rebuild.
"""

from __future__ import annotations

from django.db import transaction

from . import signals
from .agents import key_reserved
from .models import LRSCredential, Statement


@transaction.atomic
def milestones_restore() -> dict[str, int]:
    """Record the platform statements that the apps' own records (a module
    watched to the end, a marked attempt, a completed assignment) show were
    earned but the store lacks, e.g. dropped because their id was taken.

    The apps answer `signals.milestones_missing`; the result maps each
    receiver to how many statements it recorded."""
    return {
        f"{receiver.__module__}.{receiver.__name__}": count
        for receiver, count in signals.milestones_missing.send(sender=Statement)
    }


def credential_create(
    *, name: str, secret: str, scopes: list[str], key: str = ""
) -> LRSCredential:
    """Create or replace an API client's credential (secret stored hashed)."""
    valid = set(LRSCredential.Scope.values)
    unknown = [s for s in scopes if s not in valid]
    if unknown or not scopes:
        raise ValueError(
            f"Unknown scope(s) {', '.join(unknown) or '(none)'}; "
            f"use {', '.join(sorted(valid))}."
        )
    if len(secret) < 12:
        raise ValueError("The secret must be at least 12 characters.")
    if key_reserved(key or name):
        raise ValueError(f"'{key or name}' is the platform's own name; use another.")
    credential = LRSCredential.objects.filter(name=name).first() or LRSCredential(
        name=name
    )
    credential.key = key or credential.key or name
    credential.scopes = scopes
    credential.set_secret(secret)
    credential.active = True
    credential.save()
    return credential
