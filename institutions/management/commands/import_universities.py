from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from institutions.services import DEFAULT_TAGS_PATH, universities_import


class Command(BaseCommand):
    help = (
        "Import or update universities from the ministry's list (TSV or CSV with the "
        "columns code,name,province,city,level,authority,note). All rows or none: "
        "with any error nothing changes and every error is printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The list, .tsv or .csv.")
        parser.add_argument(
            "--tags",
            type=Path,
            default=DEFAULT_TAGS_PATH,
            help="CSV of flags keyed by code (default: the copy in the repository).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and count, write nothing.",
        )

    def handle(self, *args, path: Path, tags: Path, dry_run: bool, **options):
        for file in (path, tags):
            if not file.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": file})
        result = universities_import(rows_path=path, tags_path=tags, dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            count = len(result.errors)
            raise CommandError(
                ngettext(
                    "%(count)s error; nothing was changed.",
                    "%(count)s errors; nothing was changed.",
                    count,
                )
                % {"count": count}
            )
        summary = result.summary()
        if dry_run:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary))
