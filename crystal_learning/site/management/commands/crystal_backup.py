"""Back up (or restore) the database and the uploaded media.

SQLite: an online, consistent copy through SQLite's backup API, checked with
`PRAGMA integrity_check`. PostgreSQL: `pg_dump --format=custom` (restore with
`pg_restore`, see docs/operations.md). Media: a .tar.gz of MEDIA_ROOT.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite backup API, or pg_dump for PostgreSQL) and "
        "the media files into a directory; or restore a SQLite backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", help="Directory for the backup files.")
        parser.add_argument(
            "--no-media", action="store_true", help="Leave the media files out."
        )
        parser.add_argument(
            "--restore",
            metavar="FILE",
            help="SQLite only: replace the database with this backup file "
            "(stop the web and worker processes first).",
        )

    def handle(self, *args, **options):
        if options["restore"]:
            self._restore(Path(options["restore"]))
            return
        if not options["out"]:
            raise CommandError("Give --out DIRECTORY (or --restore FILE).")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        if connection.vendor == "sqlite":
            written = self._sqlite(out / f"crystal-{stamp}.sqlite3")
        elif connection.vendor == "postgresql":
            written = self._postgres(out / f"crystal-{stamp}.pgdump")
        else:
            raise CommandError(f"No backup for the {connection.vendor} database.")
        self.stdout.write(f"Database: {written} ({written.stat().st_size:,} bytes)")
        if not options["no_media"]:
            media = self._media(out / f"media-{stamp}.tar.gz")
            self.stdout.write(f"Media: {media} ({media.stat().st_size:,} bytes)")

    def _sqlite(self, target: Path) -> Path:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
            (result,) = destination.execute("PRAGMA integrity_check").fetchone()
        finally:
            destination.close()
        if result != "ok":
            target.unlink(missing_ok=True)
            raise CommandError(f"The copy failed its integrity check: {result}")
        return target

    def _postgres(self, target: Path) -> Path:
        if shutil.which("pg_dump") is None:
            raise CommandError(
                "pg_dump is not installed (apt-get install postgresql-client)."
            )
        db = settings.DATABASES["default"]
        env = {**os.environ}
        if db.get("PASSWORD"):
            env["PGPASSWORD"] = db["PASSWORD"]
        command = ["pg_dump", "--format=custom", f"--file={target}", "--no-owner"]
        for flag, key in (
            ("--host", "HOST"),
            ("--port", "PORT"),
            ("--username", "USER"),
        ):
            if db.get(key):
                command.append(f"{flag}={db[key]}")
        command.append(db["NAME"])
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        return target

    def _media(self, target: Path) -> Path:
        root = Path(settings.MEDIA_ROOT)
        with tarfile.open(target, "w:gz") as archive:
            if root.exists():
                archive.add(root, arcname="media")
        return target

    def _restore(self, source: Path) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "--restore is for SQLite; restore PostgreSQL with pg_restore "
                "(docs/operations.md)."
            )
        if not source.exists():
            raise CommandError(f"No such file: {source}")
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            (result,) = backup.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise CommandError(f"{source} fails its integrity check: {result}")
            connection.ensure_connection()
            backup.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise CommandError(f"{source} is not a SQLite database: {error}") from error
        finally:
            backup.close()
        self.stdout.write(f"Restored the database from {source}.")
