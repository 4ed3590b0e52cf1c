"""The reporting tests' one preamble: the people around a university and its report,
walked to a state through the real services.

`cast` is the people around the `university` fixture (tests/conftest.py); a module
that needs another university overrides `university` (e.g. one under the migrated
authority EDU-11, on the provincial route) and everything below follows. `report` is
a draft whose checks let it through; `report_in_state` makes more, in any state.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from institutions.models import University
from reporting.models import Report, ReportingPeriod
from tests.reporting.workflow_support import Cast, ready_to_mark, walk

ReportInState = Callable[..., Report]


@pytest.fixture
def cast(university) -> Cast:
    """Reporter, approver, the reviewer of its authority, an official and an expert."""
    return Cast(university)


@pytest.fixture
def report_in_state(request, university) -> ReportInState:
    """A factory: `report_in_state("submitted", university=..., period_state=...)`.

    Each call makes a new report in a new open period (`ready_to_mark`: every
    section declared empty, one value in A1) and walks it to the state through the
    workflow services, acted by the `cast` (for the default university) or by a
    cast of its own (another university), so it carries the transitions a real one
    would. `period` fields are set before the walk (e.g. requires_signoff_scan);
    `period_state` after it (a period closes with its reports in their states).
    A draft creates no people.
    """
    home = university
    casts: dict[int, Cast] = {}

    def cast_of(of: University) -> Cast:
        if of.pk not in casts:
            casts[of.pk] = request.getfixturevalue("cast") if of == home else Cast(of)
        return casts[of.pk]

    def make(
        state: str = Report.State.DRAFT,
        *,
        university: University | None = None,
        period_state: str | None = None,
        **period: object,
    ) -> Report:
        of = university or home
        report = ready_to_mark(of)
        if period:
            for field, value in period.items():
                setattr(report.period, field, value)
            report.period.save()
        if state != Report.State.DRAFT:
            walk(report, cast_of(of), state)
        if period_state:
            ReportingPeriod.objects.filter(pk=report.period_id).update(
                state=period_state
            )
            report.refresh_from_db()
            report.period.refresh_from_db()
        return report

    return make


@pytest.fixture
def report(report_in_state) -> Report:
    """A draft of the `university` in an open period, ready to be marked ready."""
    return report_in_state()
