"""Helpers every app's tests share: signing in through the real form, the demo seed."""

from __future__ import annotations

import io

from django.core.management import call_command

#: The password of the demo sign-ins, and of the sign-ins the factories build.
PASSWORD = "crystal-demo"  # noqa: S105 - test accounts only


def sign_in(client, username: str) -> None:
    client.post("/accounts/sign-in/", {"username": username, "password": PASSWORD})


def run_demo(people: int = 120, seed: int = 2022) -> str:
    """Seed the demo force and content (tests of the demo itself, browser tests)."""
    out = io.StringIO()
    call_command("crystal_demo", people=people, seed=seed, stdout=out)
    return out.getvalue()
