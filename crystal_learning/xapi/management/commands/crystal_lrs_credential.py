"""manage.py crystal_lrs_credential --name NAME --secret SECRET --scopes all"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from crystal_learning.xapi.models import LRSCredential
from crystal_learning.xapi.services import credential_create


class Command(BaseCommand):
    help = "Create or replace a Statements API client credential (HTTP Basic)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="A name for the client.")
        parser.add_argument("--secret", required=True, help="At least 12 characters.")
        parser.add_argument(
            "--key", default="", help="The Basic auth user name (default: the name)."
        )
        parser.add_argument(
            "--scopes",
            nargs="+",
            default=["all"],
            choices=LRSCredential.Scope.values,
            help="Scopes: all, statements/read, statements/write.",
        )

    def handle(self, *args, name, secret, key, scopes, **options):
        try:
            credential = credential_create(
                name=name, secret=secret, scopes=scopes, key=key
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Credential {credential.name}: user name {credential.key}, "
            f"scopes {', '.join(credential.scopes)}."
        )
