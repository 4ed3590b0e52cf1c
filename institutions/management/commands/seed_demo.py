from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from institutions.demo import demo_seed


class Command(BaseCommand):
    help = (
        "Load the demo data set (real universities, demo users for every role, demo "
        "national targets) and print the logins. Only with DEBUG on; safe to repeat."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts with a "
                "published password must never reach a production database. "
                "Set DEBUG=true to load the demo data."
            )
        result = demo_seed()
        self.stdout.write(
            f"Demo data: {result.universities_created} universities, "
            f"{result.users_created} users, {result.memberships_created} memberships, "
            f"{result.targets_created} targets created."
        )
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


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)
