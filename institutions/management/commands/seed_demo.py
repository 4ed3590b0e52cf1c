from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from institutions.demo import DemoTotals, demo_seed, demo_totals
from institutions.demo_people import DEMO_PASSWORD
from reporting.demo.workflow import STAFF_USERNAME

# The seed takes reports through the workflow, whose notifications queue mail tasks;
# with no broker they run in-process and Celery and kombu log every one of them.
QUIET_LOGGERS = ("celery", "kombu")


class Command(BaseCommand):
    help = (
        "Load the demo data set (real universities, demo users for every role, demo "
        "national targets, periods and reports), print what it holds and the logins. "
        "Only with DEBUG on; safe to repeat."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts with a "
                "published password must never reach a production database. "
                "Set DEBUG=true to load the demo data."
            )
        with _quiet(QUIET_LOGGERS):
            result = demo_seed()
        self.stdout.write(
            f"Created this run: {result.universities_created} universities, "
            f"{result.users_created} users, {result.memberships_created} "
            f"memberships, {result.targets_created} targets, "
            f"{result.periods_created} periods, {result.reports_created} reports."
        )
        with translation.override("en"):  # like the rest of the output
            totals = demo_totals()
        self._write_totals(totals)
        rows = [("username", "role", "scope", "password")] + [
            (login.username, login.role, login.scope, login.password)
            for login in result.logins
        ]
        widths = [max(_width(row[i]) for row in rows) for i in range(4)]
        for number, row in enumerate(rows):
            self.stdout.write(
                "  ".join(
                    cell + " " * (width - _width(cell))
                    for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        if totals.staff_users:
            self.stdout.write(
                f"The seed's {totals.staff_users} staff accounts "
                f"({STAFF_USERNAME.format(scope='<university code>')}, reporter and "
                f"approver of the university) sign in with {DEMO_PASSWORD} too."
            )

    def _write_totals(self, totals: DemoTotals) -> None:
        self.stdout.write(
            f"Demo data: {totals.universities} universities, {totals.users} users "
            f"({totals.staff_users} of them staff accounts), {totals.targets} "
            f"targets, {len(totals.periods)} periods."
        )
        for period in totals.periods:
            states = ", ".join(f"{n} {label}" for label, n in period.by_state if n)
            self.stdout.write(
                f"  {period.year} ({period.state}): {period.reports} reports"
                + (f": {states}" if states else "")
                + (f"; {period.late} late" if period.late else "")
            )


@contextlib.contextmanager
def _quiet(names: tuple[str, ...]) -> Iterator[None]:
    """Only errors from these loggers while the block runs."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)
