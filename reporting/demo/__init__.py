"""Demo reporting data: periods 2021-2025, accepted reports for 2021-2024, 2025 drafts.

The numbers are invented but believable: each university has its own size, each
indicator grows year by year from a random generator seeded with the university's
and the indicator's codes (so every run gives the same numbers). The 2025 drafts
contain the slips the checks are there for: a stock below last year, a tenfold jump.
Accepted years are written in bulk (each write with its history record); the demo
university's 2025 draft is written through `section_save`, as a reporter would, so
that its form, checks and history page have something to show. A data year whose
period exists already is left alone, so running the seed twice changes nothing.
Some 2025 reports then go through the review workflow (workflow.py), so that 2025
holds reports in every state and every demo role finds work waiting.
"""

from __future__ import annotations

from .seed import ReportsSeedResult, reports_seed

__all__ = ["ReportsSeedResult", "reports_seed"]
