"""Settings come from the environment; production refuses to start without a secret."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from tests.site.helpers import ROOT, run_python, settings_value


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.production",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_python(
        "import django; django.setup()",
        SECRET_KEY="short",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.production",
    )
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "crystal_learning.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "learning.example.police.uk",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stderr
    # One check silenced on purpose: axes.W006, lockout by username alone
    # (docs/security.md).
    assert "System check identified no issues (1 silenced)." in result.stdout
    assert (
        settings_value(
            "settings.SILENCED_SYSTEM_CHECKS",
            DJANGO_SETTINGS_MODULE="crystal_learning.settings.production",
            SECRET_KEY="y" * 60,
        )
        == "['axes.W006']"
    )
    assert "WARNINGS" not in result.stderr + result.stdout


def test_sqlite_under_var_is_the_default_database():
    value = settings_value(
        "settings.DATABASES['default']['ENGINE'], "
        "settings.DATABASES['default']['NAME']",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.dev",
    )
    assert "sqlite3" in value and "var/crystal.sqlite3" in value


def test_database_url_selects_postgresql():
    value = settings_value(
        "settings.DATABASES['default']['ENGINE'], "
        "settings.DATABASES['default']['NAME']",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.dev",
        DATABASE_URL="postgres://crystal@db.example:5432/crystal",
    )
    assert value == "('django.db.backends.postgresql', 'crystal')"


def test_django_q_uses_the_orm_broker_without_redis_url_and_redis_with_it():
    orm = settings_value(
        "sorted(settings.Q_CLUSTER)",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.dev",
    )
    assert "'orm'" in orm and "'redis'" not in orm
    redis = settings_value(
        "settings.Q_CLUSTER.get('redis'), 'orm' in settings.Q_CLUSTER",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.dev",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert redis == "('redis://127.0.0.1:6379/3', False)"


def test_site_specific_values_come_from_the_environment():
    value = settings_value(
        "settings.ALLOWED_HOSTS, settings.CRYSTAL_XAPI_HOMEPAGE, "
        "settings.CRYSTAL_XAPI_ACTIVITY_BASE, "
        "settings.EMAIL_HOST, settings.EMAIL_PORT",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.dev",
        ALLOWED_HOSTS="a.example,b.example",
        CRYSTAL_XAPI_HOMEPAGE="https://sso.force.example",
        CRYSTAL_XAPI_ACTIVITY_BASE="https://lrn.example/act/",
        EMAIL_HOST="smtp.force.example",
        EMAIL_PORT="587",
    )
    assert value == (
        "(['a.example', 'b.example'], 'https://sso.force.example', "
        "'https://lrn.example/act/', "
        "'smtp.force.example', 587)"
    )
