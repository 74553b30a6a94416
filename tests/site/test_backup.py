"""crystal_backup: a consistent copy of the database and the media, and a
SQLite restore that brings the data back."""

from __future__ import annotations

import io
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from crystal_learning.people.models import Team
from tests.people.factories import make_team


def run(*args) -> str:
    out = io.StringIO()
    call_command("crystal_backup", *args, stdout=out)
    return out.getvalue()


def test_a_backup_holds_the_database_and_the_media(
    transactional_db, tmp_path, settings
):
    """On SQLite: a copy that restores; on PostgreSQL: a pg_dump archive (of
    committed data: the command runs outside any transaction, as in use)."""
    if connection.vendor == "postgresql":
        run("--out", str(tmp_path), "--no-media")
        dump = next(Path(tmp_path).glob("crystal-*.pgdump"))
        assert dump.read_bytes()[:5] == b"PGDMP"
        return
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "captions").mkdir(parents=True)
    (tmp_path / "media" / "captions" / "a.vtt").write_text("WEBVTT\n")
    make_team(name="Kept by the backup", code="KEPT")
    out = run("--out", str(tmp_path / "backups"))
    database = next((tmp_path / "backups").glob("crystal-*.sqlite3"))
    media = next((tmp_path / "backups").glob("media-*.tar.gz"))
    assert f"Database: {database}" in out
    copy = sqlite3.connect(database)
    assert copy.execute(
        "SELECT name FROM crystal_people_team WHERE code = 'KEPT'"
    ).fetchone() == ("Kept by the backup",)
    copy.close()
    with tarfile.open(media) as archive:
        assert "media/captions/a.vtt" in archive.getnames()
    Team.objects.filter(code="KEPT").delete()
    make_team(name="Made after the backup", code="LATER")
    assert "Restored the database" in run("--restore", str(database))
    assert Team.objects.filter(code="KEPT").exists()
    assert not Team.objects.filter(code="LATER").exists()


def test_bad_arguments_are_refused(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="Give --out"):
        run()
    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="No such file"):
            run("--restore", str(tmp_path / "missing.sqlite3"))
        junk = tmp_path / "junk.sqlite3"
        junk.write_text("not a database")
        with pytest.raises(CommandError, match="not a SQLite database"):
            run("--restore", str(junk))
        assert Team.objects.count() >= 0  # the live database is untouched
