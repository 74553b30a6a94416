"""Agents and Groups: exactly one identifier each, in a form xAPI allows and
short enough to store."""

from __future__ import annotations

import re
from typing import Any

from ..agents import agent_key
from .values import (
    AGENT_KEY_MAX,
    fail,
    iri_value,
    irl_value,
    json_object,
    only_known,
    string_value,
)

MAILTO = re.compile(r"mailto:[^@\s]+@[^@\s]+")
SHA1 = re.compile(r"[0-9a-fA-F]{40}")


def validate_agent(value: Any, field: str, *, group_allowed: bool = True) -> None:
    agent = json_object(value, field)
    kind = agent.get("objectType", "Agent")
    if kind == "Group":
        if not group_allowed:
            fail(f"{field}.objectType", "must be Agent here")
        only_known(
            agent,
            field,
            {
                "objectType",
                "name",
                "member",
                "mbox",
                "mbox_sha1sum",
                "openid",
                "account",
            },
        )
        identifiers = _identifiers(agent, field, required=False)
        members = agent.get("member")
        if not identifiers and members is None:
            fail(f"{field}.member", "an anonymous Group needs members")
        if members is not None:
            if not isinstance(members, list):
                fail(f"{field}.member", "must be a list of Agents")
            for index, member in enumerate(members):
                validate_agent(member, f"{field}.member[{index}]", group_allowed=False)
        if "name" in agent:
            string_value(agent["name"], f"{field}.name")
        return
    if kind != "Agent":
        fail(f"{field}.objectType", "must be Agent or Group")
    only_known(
        agent,
        field,
        {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"},
    )
    _identifiers(agent, field, required=True)
    if "name" in agent:
        string_value(agent["name"], f"{field}.name")


def _identifiers(agent: dict, field: str, *, required: bool) -> int:
    present = [
        key for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in agent
    ]
    if len(present) > 1:
        names = ", ".join(present)
        fail(field, f"has {len(present)} identifiers ({names}); exactly one is allowed")
    if required and not present:
        fail(
            field, "needs exactly one identifier: mbox, mbox_sha1sum, openid or account"
        )
    if "mbox" in agent and (
        not isinstance(agent["mbox"], str) or not MAILTO.fullmatch(agent["mbox"])
    ):
        fail(f"{field}.mbox", "must be a mailto: IRI, e.g. mailto:someone@example.org")
    if "mbox_sha1sum" in agent and (
        not isinstance(agent["mbox_sha1sum"], str)
        or not SHA1.fullmatch(agent["mbox_sha1sum"])
    ):
        fail(f"{field}.mbox_sha1sum", "must be 40 hexadecimal characters")
    if "openid" in agent:
        iri_value(agent["openid"], f"{field}.openid")
    if "account" in agent:
        account = json_object(agent["account"], f"{field}.account")
        only_known(account, f"{field}.account", {"homePage", "name"})
        if "homePage" not in account or "name" not in account:
            fail(f"{field}.account", "needs both homePage and name")
        irl_value(account["homePage"], f"{field}.account.homePage")
        if not string_value(account["name"], f"{field}.account.name"):
            fail(f"{field}.account.name", "must not be empty")
    if present and len(agent_key(agent)) > AGENT_KEY_MAX:
        what = "homePage and name together are" if present[0] == "account" else "is"
        fail(f"{field}.{present[0]}", f"{what} too long to store")
    return len(present)
