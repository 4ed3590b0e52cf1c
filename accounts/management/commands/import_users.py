from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from accounts.services import users_import


class Command(BaseCommand):
    help = (
        "Creates accounts and memberships from a UTF-8 CSV file with the header "
        "name,email,role,scope. role: reporter, approver, reviewer, official or "
        "expert (or their Chinese labels); scope: a university's 10-digit code "
        "(reporter, approver), an authority code such as EDU-11 (reviewer) or MOE "
        "(official, expert). New users are mailed a link to choose a password. "
        "Nothing is imported unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, then roll back",
        )
        parser.add_argument(
            "--base-url",
            help="site address for the set-password links (default: SITE_URL)",
        )

    def handle(self, *args, path: str, dry_run: bool, base_url: str | None, **options):
        try:
            result = users_import(path=path, dry_run=dry_run, request_base_url=base_url)
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                ngettext(
                    "%(count)d error; nothing was imported.",
                    "%(count)d errors; nothing was imported.",
                    len(exc.messages),
                )
                % {"count": len(exc.messages)}
            ) from exc
        self.stdout.write(self.style.SUCCESS(result.summary()))
