"""`manage.py seed_national [--universities N] [--periods N]`: the national set."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from reporting.demo.national import NationalSeedRefused, national_seed


class Command(BaseCommand):
    help = (
        "Write the national demo set on PostgreSQL: every university of the "
        "ministry's list × the data years 2021-2030 × the whole catalogue, reports "
        "in every state, accepted versions, the figures rollup rebuilt. Into an "
        "empty reporting database only; prints rows per table and the time taken."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--universities",
            type=int,
            default=None,
            help="only this many universities, spread over the list (default: all)",
        )
        parser.add_argument(
            "--periods",
            type=int,
            default=10,
            help="data years from 2021, the last one open (default: 10, to 2030)",
        )
        parser.add_argument(
            "--reporters-password",
            default=None,
            help="also give each university a reporter, "
            "national-reporter-<code>@example.com, signing in with this password "
            "(one hash for all; for make loadtest)",
        )

    def handle(
        self, *args, universities=None, periods=10, reporters_password=None, **options
    ):
        started = time.perf_counter()
        try:
            result = national_seed(
                universities=universities,
                periods=periods,
                reporters_password=reporters_password,
            )
        except NationalSeedRefused as refused:
            raise CommandError(str(refused)) from None
        for label, seconds in result.seconds.items():
            self.stdout.write(f"{label:<36} {seconds:8.1f} s")
        self.stdout.write(f"{'total':<36} {time.perf_counter() - started:8.1f} s")
        for table, rows in result.rows.items():
            self.stdout.write(f"{table:<36} {rows:>12,}")
        states = ", ".join(f"{n:,} {state}" for state, n in result.states.items())
        self.stdout.write(f"reports by state: {states}")
