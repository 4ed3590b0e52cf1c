"""`manage.py rebuild_figures [--year 2024]`: the figures rollup rebuilt from the values."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from reporting.models import ReportingPeriod
from reporting.services.figures import figures_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the figures rollup from the accepted values, period by period, "
        "without blocking readers (each period is computed, then swapped in)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, action="append", help="only this data year"
        )

    def handle(self, *args, year=None, **options):
        periods = ReportingPeriod.objects.order_by("year")
        if year:
            periods = periods.filter(year__in=year)
        started = time.perf_counter()
        written = figures_rebuild(periods=list(periods))
        self.stdout.write(
            f"{written} figure cells written in {time.perf_counter() - started:.2f} s"
        )
