"""Agents: canonical keys for matching, and the actor for a person."""

from __future__ import annotations

from django.conf import settings

from crystal_learning import conf


def agent_key(agent: dict | None) -> str:
    """A canonical string for an agent's identifier ("" for an anonymous group)."""
    if not agent:
        return ""
    if "mbox" in agent:
        return "mbox:" + str(agent["mbox"]).lower()
    if "mbox_sha1sum" in agent:
        return "sha1:" + str(agent["mbox_sha1sum"]).lower()
    if "openid" in agent:
        return "openid:" + str(agent["openid"])
    if "account" in agent:
        account = agent["account"]
        home = str(account.get("homePage", "")).rstrip("/")
        return f"account:{home}|{account.get('name', '')}"
    return ""


def homepage() -> str:
    return conf.xapi_homepage().rstrip("/")


def person_agent(staff_number: str) -> dict:
    """A person's actor: an account on the force's home page; no name or e-mail."""
    return {
        "objectType": "Agent",
        "account": {"homePage": homepage(), "name": staff_number},
    }


def staff_number_of(agent: dict | None) -> str | None:
    """The staff number if the agent is one of our people's accounts."""
    account = (agent or {}).get("account")
    if not account or str(account.get("homePage", "")).rstrip("/") != homepage():
        return None
    return str(account.get("name", "")) or None


PLATFORM = "crystal-learning"
BROWSER_SESSION = "browser-session"
#: The authority of statements a launched package (cmi5, Tin Can) sends.
PACKAGE_LAUNCH = "package-launch"
#: API client keys that would make a client's authority look like ours.
RESERVED_KEYS = frozenset({PLATFORM, BROWSER_SESSION, PACKAGE_LAUNCH})
#: Basic user names of this form are package launches (xapi/launches.py), never
#: API clients.
LAUNCH_KEY_PREFIX = "launch-"


def key_reserved(key: str) -> bool:
    """Whether an API client may not take this key (ours, or a launch's form)."""
    return key in RESERVED_KEYS or key.startswith(LAUNCH_KEY_PREFIX)


def platform_authority() -> dict:
    """The authority for statements the platform records or takes from a session."""
    return {
        "objectType": "Agent",
        "name": settings.WAGTAIL_SITE_NAME,
        "account": {"homePage": f"{homepage()}/lrs-clients", "name": PLATFORM},
    }


def _authority_is(payload: dict, name: str) -> bool:
    authority = payload.get("authority")
    account = authority.get("account") if isinstance(authority, dict) else None
    return (
        isinstance(account, dict)
        and account.get("name") == name
        and str(account.get("homePage", "")).rstrip("/") == f"{homepage()}/lrs-clients"
    )


def is_platform_statement(payload: dict) -> bool:
    """Recorded by the platform itself (a completion, a pass, an attendance)."""
    return _authority_is(payload, PLATFORM)


def browser_authority() -> dict:
    """The authority for statements a signed-in browser sends about its own person.

    The projection counts them as activity, never as completion, progress or
    score: those come from statements the platform itself vouches for.
    """
    return {
        "objectType": "Agent",
        "account": {"homePage": f"{homepage()}/lrs-clients", "name": BROWSER_SESSION},
    }


def launch_authority() -> dict:
    """The authority for statements a launched package sends for its learner:
    claims from the learner's browser like a session's, and judged the same."""
    return {
        "objectType": "Agent",
        "account": {"homePage": f"{homepage()}/lrs-clients", "name": PACKAGE_LAUNCH},
    }


def is_browser_statement(payload: dict) -> bool:
    """Sent from a learner's browser: by a signed-in session or a launched package."""
    return _authority_is(payload, BROWSER_SESSION) or _authority_is(
        payload, PACKAGE_LAUNCH
    )
