"""The shape every CSV import command shares: read FILE, check it all, write
nothing if any row fails (each problem on stderr as "Line N, column X: ..."),
else write, or with --dry-run only say what would change."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class CsvImportCommand(BaseCommand):
    dry_run_help = "Check; write nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path to the CSV file.")
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def run(self, *, data: bytes, filename: str, dry_run: bool):
        """Check (and unless dry_run, write) the file: (problems, summary)."""
        raise NotImplementedError

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        problems, summary = self.run(data=data, filename=file.name, dry_run=dry_run)
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(problems)} problem(s) found in {file.name}; "
                "nothing was imported."
            )
        self.stdout.write(summary)
