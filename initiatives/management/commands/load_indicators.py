from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from initiatives.catalogue import (
    CatalogueError,
    indicator_paths,
    plan_codes,
    read_indicators,
)
from initiatives.services import catalogue_load


class Command(BaseCommand):
    help = (
        "Create or update indicators from initiatives/data/indicators_*.json "
        "(or the files given). Matching codes are overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument(
            "--check", action="store_true", help="Only check the files; write nothing."
        )

    def handle(self, *args, files, check, **options):
        paths = files or indicator_paths()
        try:
            if check:
                count = len(read_indicators(paths, plan=plan_codes(apps)))
                self.stdout.write(f"{count} indicators, no errors.")
                return
            count = catalogue_load(paths=paths)
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} indicators."))
