"""Check every stored evidence file against its recorded SHA-256."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from reporting.evidence import evidence_verify


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 of every stored evidence file (removed ones included) "
        "through the storage API and list any missing or altered file. Exits with "
        "status 1 when there is one."
    )

    def handle(self, *args, **options) -> None:
        result = evidence_verify()
        for problem in result.problems:
            evidence = problem.evidence
            self.stdout.write(
                f"{problem.kind.upper()} evidence #{evidence.pk} "
                f"(report {evidence.report_id}) {evidence.file.name} "
                f'"{evidence.name}": {problem.detail}'
            )
        missing = sum(1 for p in result.problems if p.kind == "missing")
        altered = len(result.problems) - missing
        summary = (
            f"Checked {result.checked} evidence files: "
            f"{missing} missing, {altered} altered."
        )
        if result.problems:
            raise CommandError(summary)
        self.stdout.write(summary)
