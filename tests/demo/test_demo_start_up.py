"""`make demo`: a short summary instead of e-mails, links on the port it serves,
and a README that agrees with the force it builds (issue 18.12 and 18.13)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from crystal_learning.demo.force import AREAS
from crystal_learning.people.models import Team
from modules.models import TilePage
from tests.helpers import run_demo, sign_in
from tests.site.helpers import ROOT, run_python, settings_value

SITE = "http://127.0.0.1:8123"


def manage(*args: str, var: Path, **env: str) -> subprocess.CompletedProcess:
    """manage.py in a new process with the development settings (the console
    e-mail backend, as `make demo` ran it), on a SQLite database under `var`."""
    return run_python(
        "from django.core.management import execute_from_command_line; "
        f"execute_from_command_line(['manage.py', *{list(args)!r}])",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.dev",
        CRYSTAL_VAR_DIR=str(var),
        **env,
    )


def test_building_the_demo_prints_a_summary_and_no_e_mail(tmp_path):
    env = {"CRYSTAL_SITE_URL": SITE, "EMAIL_FILE_PATH": str(tmp_path / "mail")}
    assert manage("migrate", "--no-input", "-v", "0", var=tmp_path).returncode == 0
    built = manage("crystal_demo", "--history", "--people", "60", var=tmp_path, **env)
    assert built.returncode == 0, built.stderr
    lines = built.stdout.splitlines()
    assert "Subject:" not in built.stdout and "BEGIN:VCALENDAR" not in built.stdout
    assert len(lines) < 20, built.stdout
    held = next(line for line in lines if "fictional people" in line)
    assert int(held.split()[0]) > 0  # the booking confirmations, counted
    assert "username: sergeant" in built.stdout
    # What the running demo sends goes to files, with links on its own port.
    sent = run_python(
        "import django; django.setup(); "
        "from crystal_learning.programmes.reminders import reminders_send; "
        "print(reminders_send())",
        DJANGO_SETTINGS_MODULE="crystal_learning.settings.dev",
        CRYSTAL_VAR_DIR=str(tmp_path),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        **env,
    )
    assert sent.returncode == 0, sent.stderr
    assert "Subject:" not in sent.stdout
    mails = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    assert f"{SITE}/my-training/" in mails
    assert "127.0.0.1:8000" not in mails


def make_demo(tmp_path: Path, **env: str) -> dict[str, str]:
    """Run `make demo PORT=8123` with a stand-in Python that writes down its
    environment and stops make at the first command (nothing is installed)."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    seen = tmp_path / "env.txt"
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nenv > "{seen}"\nexit 1\n')
    python.chmod(0o755)
    (bin_dir / "activate").touch()
    (tmp_path / "venv" / ".installed-app").touch()
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CRYSTAL_SITE_URL", "EMAIL_BACKEND", "WAGTAILADMIN_BASE_URL"}
    }
    result = subprocess.run(  # noqa: S603
        ["make", "-s", "demo", f"VENV={tmp_path / 'venv'}", "PORT=8123"],  # noqa: S607
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0  # stopped by the stand-in, as planned
    return dict(
        line.split("=", 1) for line in seen.read_text().splitlines() if "=" in line
    )


def test_make_demo_gives_its_port_to_the_links_and_keeps_e_mail_off_screen(
    tmp_path,
):
    seen = make_demo(tmp_path)
    assert seen["CRYSTAL_SITE_URL"] == SITE
    assert seen["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    # A site address given by the person running it (a proxy) wins.
    seen = make_demo(tmp_path / "proxy", CRYSTAL_SITE_URL="https://learning.example")
    assert seen["CRYSTAL_SITE_URL"] == "https://learning.example"


def test_the_admins_links_follow_the_site_address():
    dev = "crystal_learning.settings.dev"
    assert (
        settings_value(
            "settings.WAGTAILADMIN_BASE_URL",
            DJANGO_SETTINGS_MODULE=dev,
            CRYSTAL_SITE_URL=SITE,
        )
        == SITE
    )
    assert (
        settings_value("settings.WAGTAILADMIN_BASE_URL", DJANGO_SETTINGS_MODULE=dev)
        == "http://127.0.0.1:8000"
    )


def test_the_readme_says_how_many_areas_the_demo_builds(db):
    run_demo(people=120)
    areas = Team.objects.filter(kind=Team.Kind.AREA)
    assert areas.count() == len(AREAS) + 1  # and Force-wide Operations
    readme = " ".join((ROOT / "README.md").read_text().split())
    stated = re.search(r"about 1,200 people in (\d+) areas: ([^.]+)\.", readme)
    assert stated is not None
    assert int(stated.group(1)) == areas.count()
    for area in areas:
        assert area.name.removesuffix(" Area") in stated.group(2), area.name


def test_the_demo_quiz_cards_count_the_questions_asked(client, db):
    run_demo(people=120)
    sign_in(client, "officer")
    tile = TilePage.objects.get(slug="op-crystal")
    cards = client.get(tile.url).content.decode()
    assert "Ten questions" not in cards
    assert 'data-testid="card-questions">8 questions</p>' in cards
