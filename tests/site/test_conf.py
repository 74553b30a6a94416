"""crystal_learning.conf is the one home of every CRYSTAL_* setting: one typed
accessor each, whose default agrees with settings/base.py and the docs."""

import hashlib
import importlib.util
import inspect
import io
import os
import re
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from crystal_learning import conf

ROOT = Path(__file__).resolve().parents[2]


def _accessors() -> dict:
    """Setting name -> accessor; each accessor's docstring starts with its name."""
    found = {}
    for name, function in vars(conf).items():
        if name.startswith("_") or not inspect.isfunction(function):
            continue
        if function.__module__ != conf.__name__:
            continue
        setting = re.match(r"CRYSTAL_[A-Z_]+", function.__doc__ or "")
        assert setting, f"conf.{name} does not start its docstring with its setting"
        assert setting.group(0) not in found, f"two accessors read {setting.group(0)}"
        found[setting.group(0)] = function
    return found


ACCESSORS = _accessors()


def _typed(value):
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    return (value, type(value))


def test_every_setting_has_a_default_and_one_accessor():
    assert sorted(ACCESSORS) == sorted(conf.DEFAULTS)


def _direct_reads(path: Path, root: Path = ROOT) -> list[str]:
    """`settings.CRYSTAL_X` and `getattr(settings, "CRYSTAL_X"...)` in code (not
    in strings or comments)."""
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
        if token.type in (tokenize.NAME, tokenize.OP, tokenize.STRING)
    ]
    reads = []
    for i, token in enumerate(tokens):
        following = [t.string for t in tokens[i + 1 : i + 5]] + [""] * 4
        attribute = (
            token.string == "settings"
            and following[0] == "."
            and following[1].startswith("CRYSTAL_")
        )
        getattr_call = (
            token.string == "getattr"
            and following[1:3] == ["settings", ","]
            and following[3].strip("\"'").startswith("CRYSTAL_")
        )
        if attribute or getattr_call:
            reads.append(f"{path.relative_to(root)}:{token.start[0]}")
    return reads


def test_the_apps_read_crystal_settings_only_through_conf():
    reads = []
    for package in ["crystal_learning", "modules", "quizzes"]:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if parts[:2] == ("crystal_learning", "settings") or path.name == "conf.py":
                continue
            reads += _direct_reads(path)
    assert reads == []


def test_the_check_above_finds_a_direct_read(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from django.conf import settings\n"
        'A = settings.CRYSTAL_SITE_URL  # "settings.CRYSTAL_X" in a comment\n'
        'B = getattr(settings, "CRYSTAL_REPORT_MAX_DAYS", 1)\n'
        'C = "settings.CRYSTAL_FORCE_NAME"\n'
    )
    assert _direct_reads(sample, tmp_path) == ["sample.py:2", "sample.py:3"]


def _load_base_settings(monkeypatch, **environ) -> dict:
    """crystal_learning/settings/base.py as it reads an environment that sets
    none of our variables but `environ`."""
    for name in list(os.environ):
        if (name.startswith("CRYSTAL_") and name != "CRYSTAL_VAR_DIR") or (
            name == "OIDC_OP_ISSUER"
        ):
            monkeypatch.delenv(name)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "crystal_base_settings_defaults",
        ROOT / "crystal_learning" / "settings" / "base.py",
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in dir(module) if "CRYSTAL_" in name}


# base.py derives CRYSTAL_OIDC_ENABLED from OIDC_OP_ISSUER, not from a default.
NOT_FROM_THE_ENVIRONMENT = {"CRYSTAL_OIDC_ENABLED"}


def _another(value):
    """A value of the same type as `value`, but different."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, dict):
        return {key: _another(item) for key, item in value.items()}
    if isinstance(value, str):
        return f"{value}-other"
    return value + 3  # int or float


def _as_environment(name: str, value) -> dict[str, str]:
    """The environment variables that make base.py give setting `name` `value`."""
    if isinstance(value, bool):
        return {name: "on" if value else "off"}
    if name == "CRYSTAL_OIDC_ROLE_GROUPS":
        return {name: ";".join(f" {role} = {group} " for role, group in value.items())}
    if name == "CRYSTAL_XAPI_FORWARD":
        return {
            f"{name}_{key}": str(value[key])
            for key in ("CONNECT_TIMEOUT", "READ_TIMEOUT", "LEASE_SECONDS")
        }
    return {name: str(value)}


def test_base_settings_defaults_are_the_conf_defaults(monkeypatch):
    crystal = _load_base_settings(monkeypatch)
    assert sorted(set(crystal) - set(conf.DEFAULTS)) == []
    for name, value in crystal.items():
        assert _typed(value) == _typed(conf.DEFAULTS[name]), name


def test_base_settings_take_each_default_from_conf(monkeypatch):
    """The defaults are written once: change one in conf.DEFAULTS and base.py
    follows (a literal repeated in base.py would not)."""
    names = sorted(set(conf.DEFAULTS) - NOT_FROM_THE_ENVIRONMENT)
    for name in names:
        monkeypatch.setitem(conf.DEFAULTS, name, _another(conf.DEFAULTS[name]))
    crystal = _load_base_settings(monkeypatch)
    for name in names:
        assert _typed(crystal[name]) == _typed(conf.DEFAULTS[name]), name
    assert crystal["CRYSTAL_OIDC_ENABLED"] is False


def test_base_settings_parse_the_environment_to_the_types_of_the_defaults(
    monkeypatch,
):
    wanted = {
        name: _another(default)
        for name, default in conf.DEFAULTS.items()
        if name not in NOT_FROM_THE_ENVIRONMENT
    }
    # Only three forwarding values come from the environment.
    wanted["CRYSTAL_XAPI_FORWARD"] = {
        **conf.DEFAULTS["CRYSTAL_XAPI_FORWARD"],
        "CONNECT_TIMEOUT": 1.5,
        "READ_TIMEOUT": 7.0,
        "LEASE_SECONDS": 60,
    }
    environ = {}
    for name, value in wanted.items():
        environ.update(_as_environment(name, value))
    crystal = _load_base_settings(
        monkeypatch, OIDC_OP_ISSUER="https://id.example/", **environ
    )
    for name, value in wanted.items():
        assert _typed(crystal[name]) == _typed(value), name
    assert crystal["CRYSTAL_OIDC_ENABLED"] is True


def test_without_any_crystal_setting_each_accessor_gives_its_default():
    with override_settings():
        for name in conf.DEFAULTS:
            if hasattr(settings, name):
                delattr(settings, name)
        assert not any(hasattr(settings, name) for name in conf.DEFAULTS)
        for name, accessor in ACCESSORS.items():
            if name in {"CRYSTAL_XAPI_MILESTONE_KEY", "CRYSTAL_CRIME_REF_KEY"}:
                continue
            assert _typed(accessor()) == _typed(conf.DEFAULTS[name]), name
        milestone_key = conf.xapi_milestone_key()
    assert (
        milestone_key
        == hashlib.sha256(
            f"crystal-learning milestone ids|{settings.SECRET_KEY}".encode()
        ).digest()
    )


def test_accessors_read_the_setting_when_called_and_check_its_type():
    with override_settings(
        CRYSTAL_REPORT_MAX_DAYS="31",
        CRYSTAL_VIDEO_MAX_PLAYBACK_RATE="3",
        CRYSTAL_SITE_URL="https://learning.force.example",
    ):
        assert conf.report_max_days() == 31
        assert conf.video_max_playback_rate() == 3.0
        assert conf.site_url() == "https://learning.force.example"
    with (
        override_settings(CRYSTAL_REMINDER_HOUR="seven"),
        pytest.raises(ValueError, match="seven"),
    ):
        conf.reminder_hour()


def test_a_partial_forwarding_setting_is_merged_over_the_defaults():
    with override_settings(CRYSTAL_XAPI_FORWARD={"READ_TIMEOUT": 1.5}):
        forward = conf.xapi_forward()
    assert forward == {**conf.DEFAULTS["CRYSTAL_XAPI_FORWARD"], "READ_TIMEOUT": 1.5}


def test_a_milestone_key_set_is_used_as_it_is():
    with override_settings(CRYSTAL_XAPI_MILESTONE_KEY="a long random key"):
        assert conf.xapi_milestone_key() == b"a long random key"
    with override_settings(CRYSTAL_XAPI_MILESTONE_KEY="", SECRET_KEY="one"):
        one = conf.xapi_milestone_key()
    with override_settings(CRYSTAL_XAPI_MILESTONE_KEY="", SECRET_KEY="two"):
        assert conf.xapi_milestone_key() != one


def test_docs_list_every_setting_with_its_default_and_accessor():
    text = (ROOT / "docs" / "configuration.md").read_text()
    missing = [
        name
        for name, accessor in ACCESSORS.items()
        if f"| `{name}` | `{conf.DEFAULTS[name]!r}` | `{accessor.__name__}()` |"
        not in text
    ]
    assert missing == []
