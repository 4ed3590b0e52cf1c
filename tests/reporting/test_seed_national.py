"""`manage.py seed_national` on a small variant (30 universities × 3 periods): the
set it writes holds together as the services would have left it."""

from __future__ import annotations

from collections import Counter, defaultdict
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count

from reporting.models import (
    AcceptedValue,
    FigureCell,
    Report,
    ReportingPeriod,
    Transition,
    Value,
)
from reporting.routing import STEPS
from tests.reporting.figures_support import live_cells, stored_cells

State = Report.State


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """The small national set, written once for the module and rolled back after
    it (each test runs in a savepoint inside); on PostgreSQL only."""
    with django_db_blocker.unblock(), transaction.atomic():
        if connection.vendor != "postgresql":
            yield ""
        else:
            out = StringIO()
            call_command("seed_national", universities=30, periods=3, stdout=out)
            yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(national, db):
    return national


@pytest.mark.postgres
def test_it_prints_rows_per_table_and_the_time_taken(seeded):
    assert "reporting_report                               90" in seeded
    assert "reporting_value" in seeded
    assert "total" in seeded


@pytest.mark.postgres
def test_every_university_reports_in_every_period_the_last_one_open(seeded):
    periods = list(ReportingPeriod.objects.order_by("year"))

    assert [p.year for p in periods] == [2021, 2022, 2023]
    assert [p.state for p in periods] == ["closed", "closed", "open"]
    assert all(p.is_demo for p in periods)
    assert Report.objects.count() == 90
    assert not Report.objects.filter(is_demo=False).exists()
    levels = set(Report.objects.values_list("university__level", flat=True))
    assert levels == {"bachelor", "associate", "adult"}


@pytest.mark.postgres
def test_closed_years_are_mostly_accepted_the_open_one_mixed(seeded):
    by_year = defaultdict(Counter)
    for year, state in Report.objects.values_list("year", "state"):
        by_year[year][state] += 1

    assert by_year[2021][State.ACCEPTED] >= 27
    assert len(by_year[2023]) >= 4  # drafts, ready, under review, accepted…
    assert Report.objects.filter(year=2023, is_late=True).exists()


@pytest.mark.postgres
def test_every_accepted_report_counts_its_last_version_with_its_values(seeded):
    counted = Report.objects.filter(counting_version__isnull=False)

    assert not Report.objects.filter(
        state=State.ACCEPTED, counting_version__isnull=True
    ).exists()
    for report in counted.select_related("counting_version__transition"):
        version = report.counting_version
        last_accept = report.transitions.filter(action="accept").order_by("-at").first()
        assert version.transition == last_accept
        kept = AcceptedValue.objects.filter(version=version)
        assert kept.count() == Value.objects.filter(report=report).count() > 0
        assert set(kept.values_list("university_id", "period_id")) == {
            (report.university_id, report.period_id)
        }


@pytest.mark.postgres
def test_states_follow_the_transition_table(seeded):
    table = {(s.action, s.from_state, s.role, s.to_state) for s in STEPS}
    steps = defaultdict(list)
    for step in Transition.objects.order_by("at", "id"):
        steps[step.report_id].append(step)

    for report in Report.objects.select_related("period"):
        mine = steps[report.pk]
        state = State.DRAFT
        for step in mine:
            assert step.from_state == state, (report.pk, step)
            assert (step.action, step.from_state, step.actor_role, step.to_state) in (
                table
            )
            state = step.to_state
        assert report.state == state
        submits = [s for s in mine if s.action == "submit"]
        assert report.submission_count == len(submits)
        assert report.is_late == any(s.at > report.period.due_at for s in submits)
        if submits:
            assert report.submitted_at == submits[0].at
            assert report.last_submitted_at == submits[-1].at


@pytest.mark.postgres
def test_the_rollup_equals_the_live_computation(seeded):
    for period in ReportingPeriod.objects.all():
        assert stored_cells(period) == live_cells(period)
    assert FigureCell.objects.filter(indicator__isnull=False).exists()


@pytest.mark.postgres
def test_drafts_never_sent_are_missing_from_the_figures(seeded):
    never = Report.objects.filter(submission_count=0)
    per_report = never.annotate(n=Count("accepted_versions")).values_list("n", flat=1)

    assert never.exists()
    assert set(per_report) == {0}


@pytest.mark.postgres
def test_a_second_run_refuses_and_changes_nothing(seeded):
    before = Value.objects.count()

    with pytest.raises(CommandError, match="empty reporting database"):
        call_command("seed_national", universities=30, periods=3, stdout=StringIO())

    assert Value.objects.count() == before


@pytest.mark.django_db
def test_it_refuses_politely_on_sqlite():
    before = ReportingPeriod.objects.count()
    with (
        mock.patch.object(connection, "vendor", "sqlite"),
        pytest.raises(CommandError, match="PostgreSQL"),
    ):
        call_command("seed_national", universities=3, periods=1, stdout=StringIO())
    assert ReportingPeriod.objects.count() == before
