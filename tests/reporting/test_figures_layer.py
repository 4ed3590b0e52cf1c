"""The figures layer: how each kind of indicator adds up, coverage, figures under
review kept apart, the reopened report's last accepted version, and the rollup kept
equal to the live computation by accept and by `manage.py rebuild_figures`."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from initiatives.models import Indicator
from reporting.figures import indicator_figure, indicator_figures
from reporting.models import FigureCell, ScopeKind
from tests.reporting.figures_support import (
    accept,
    advance,
    country,
    edit,
    fresh,
    live_cells,
    reopen,
    stored_cells,
)

pytestmark = pytest.mark.django_db


def _figure(report, code: str, **scope):
    return indicator_figure(
        period=report.period, indicator=Indicator.objects.get(code=code), **scope
    )


def test_a_yes_no_indicator_totals_the_universities_answering_yes():
    reports, casts = country(3)
    edit(reports[1], casts[reports[1].pk], "IND-O1-01", "0")
    for report in reports:
        accept(report, casts[report.pk])

    figure = _figure(reports[0], "IND-O1-01")
    assert (figure.kind, figure.value, figure.cell.answered) == ("yes_count", 2, 3)
    assert figure.coverage == (3, 3)


def test_a_share_is_shown_as_a_distribution_never_a_mean_or_a_sum():
    """The catalogue gives no parts of its percentages: their median and quartiles."""
    reports, casts = country(3)
    for report, share in zip(reports, ("10", "20", "40"), strict=True):
        edit(report, casts[report.pk], "IND-O3-07", share)
        accept(report, casts[report.pk])

    figure = _figure(reports[0], "IND-O3-07")
    assert figure.kind == "distribution" and figure.value is None
    cell = figure.cell
    assert (cell.minimum, cell.q1, cell.median, cell.q3, cell.maximum) == (
        Decimal(10),
        Decimal(15),
        Decimal(20),
        Decimal(30),
        Decimal(40),
    )
    assert cell.total is None


def test_a_university_that_has_not_reported_lowers_the_coverage_not_the_total():
    reports, casts = country(3)
    edit(reports[1], casts[reports[1].pk], "IND-A1-01", "7")
    edit(reports[2], casts[reports[2].pk], "IND-A1-01", "100")
    accept(reports[0], casts[reports[0].pk])
    accept(reports[1], casts[reports[1].pk])

    figure = _figure(reports[0], "IND-A1-01")
    assert (figure.value, figure.coverage) == (Decimal(12), (2, 3))
    by_province = {
        f.scope_key: (f.value, f.coverage)
        for f in indicator_figures(
            period=reports[0].period,
            scope_kind=ScopeKind.PROVINCE,
            indicators=Indicator.objects.filter(code="IND-A1-01"),
        )
    }
    assert by_province == {"11": (Decimal(12), (2, 2)), "31": (None, (0, 1))}


def test_figures_under_review_are_apart_and_labelled():
    reports, casts = country(3)
    accept(reports[0], casts[reports[0].pk])
    edit(reports[1], casts[reports[1].pk], "IND-A1-01", "7")
    advance(reports[1], casts[reports[1].pk])  # awaiting sign-off: not yet sent
    advance(reports[1], casts[reports[1].pk])  # submitted

    accepted = _figure(reports[0], "IND-A1-01")
    review = _figure(reports[0], "IND-A1-01", under_review=True)
    assert (accepted.value, accepted.coverage, accepted.under_review) == (
        Decimal(5),
        (1, 3),
        False,
    )
    assert (review.value, review.coverage, review.under_review) == (
        Decimal(7),
        (1, 3),
        True,
    )


def test_a_reopened_report_counts_its_last_accepted_version_until_accepted_again():
    reports, casts = country(2)
    report, cast = reports[0], casts[reports[0].pk]
    accept(report, cast)
    reopen(report, cast)
    edit(report, cast, "IND-A1-01", "8")

    assert (_figure(report, "IND-A1-01").value, fresh(report).state) == (
        Decimal(5),
        "draft",
    )
    accept(report, cast)
    figure = _figure(report, "IND-A1-01")
    assert (figure.value, figure.coverage) == (Decimal(8), (1, 2))
    assert stored_cells(report.period) == live_cells(report.period)


def test_a_university_s_figures_are_its_accepted_values():
    reports, casts = country(2)
    accept(reports[0], casts[reports[0].pk])
    code = reports[0].university.code
    figures = {
        f.scope_key: f.value
        for f in indicator_figures(
            period=reports[0].period,
            scope_kind=ScopeKind.UNIVERSITY,
            indicators=Indicator.objects.filter(code="IND-O3-01"),
        )
    }
    assert figures == {code: Decimal("120.5"), reports[1].university.code: None}


def test_rebuild_figures_rebuilds_the_rollup_from_the_values():
    reports, casts = country(3)
    for report in reports[:2]:
        accept(report, casts[report.pk])
    period = reports[0].period
    kept = stored_cells(period)
    assert kept == live_cells(period) and kept
    FigureCell.objects.filter(period=period, scope_kind="province").delete()
    FigureCell.objects.filter(period=period, scope_kind="nation").update(answered=99)

    out = StringIO()
    call_command("rebuild_figures", stdout=out)

    assert stored_cells(period) == kept
    assert "figure cells written" in out.getvalue()


@pytest.mark.parametrize("size", [1, 3])
def test_reading_figures_takes_the_same_queries_at_any_size(
    size, django_assert_num_queries
):
    reports, casts = country(size)
    for report in reports:
        accept(report, casts[report.pk])
    indicators = list(Indicator.objects.active())
    with django_assert_num_queries(2):
        figures = indicator_figures(
            period=reports[0].period,
            scope_kind=ScopeKind.PROVINCE,
            indicators=indicators,
        )
    assert len(figures) == len(indicators) * (1 if size == 1 else 2)
