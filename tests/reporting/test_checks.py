"""Errors block submission; warnings need an explanation of at least 6 characters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from initiatives.models import Action, Indicator
from institutions.models import University
from reporting.models import Report, ReportSection, Value
from reporting.services.reports import report_sections_ensure
from reporting.validation import (
    applicable_indicators,
    explanation_error,
    explanation_ok,
    previous_values,
    report_check,
    value_warnings,
)
from tests.factories import (
    IndicatorFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
)
from tests.reporting.engine_data import (
    accept_as_is,
    accepted_last_year,
    accepted_report,
    open_report,
    section_fill,
    sections_zero_except,
    value_put,
)

pytestmark = pytest.mark.django_db


def _ind(code: str) -> Indicator:
    return Indicator.objects.select_related("action").get(code=code)


def _codes(number, previous, code="IND-A1-03"):
    return [
        issue.code
        for issue in value_warnings(
            _ind(code),
            None if number is None else Decimal(number),
            None if previous is None else Decimal(previous),
        )
    ]


@pytest.mark.parametrize(
    ("code", "number", "previous", "expected"),
    [
        # IND-A1-04 is a stock (students enrolled), IND-A1-03 a flow (admitted)
        ("IND-A1-04", "90", "100", ["stock_below_last_year"]),
        ("IND-A1-04", "100", "100", []),
        ("IND-A1-03", "90", "100", []),
        ("IND-A1-03", "150", "100", []),
        ("IND-A1-03", "151", "100", ["change_beyond_threshold"]),
        ("IND-A1-03", "50", "100", []),
        ("IND-A1-03", "49", "100", ["change_beyond_threshold"]),
        # IND-O3-01 (campus emissions) warns beyond 30 %
        ("IND-O3-01", "129", "100", []),
        ("IND-O3-01", "131", "100", ["change_beyond_threshold"]),
        # money: the thousand / ten thousand yuan slip, both ways
        ("IND-A2-02", "1205", "120.5", ["jump_tenfold"]),
        ("IND-A2-02", "12.05", "120.5", ["jump_tenfold"]),
        ("IND-A2-02", "1204", "120.5", ["change_beyond_threshold"]),
        ("IND-A1-04", "10", "100", ["jump_tenfold"]),
        # nothing to compare with
        ("IND-A1-03", "5", None, []),
        ("IND-A1-03", None, "5", []),
        ("IND-A1-03", "5", "0", []),
    ],
)
def test_value_warnings(code, number, previous, expected):
    assert _codes(number, previous, code) == expected


def test_warning_cites_last_year_in_the_users_language():
    money = _ind("IND-A2-02")

    [chinese] = value_warnings(money, Decimal("1205"), Decimal("120.5"))
    with translation.override("en"):
        [english] = value_warnings(money, Decimal("1205"), Decimal("120.5"))
        [change] = value_warnings(_ind("IND-A1-03"), Decimal(160), Decimal(100))

    assert chinese.message == (
        "达到上年数值（120.5 万元）的10倍或以上，请核实单位（千元还是万元？）。"
    )
    assert english.message.startswith("Ten times last year's value (120.5 10k CNY)")
    assert change.message == (
        "Changed by +60% from last year's value (100 persons), more than 50%."
    )
    assert (chinese.section_code, chinese.indicator_code) == ("A2", "IND-A2-02")
    assert chinese.needs_explanation and not chinese.explained


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("", False),
        ("五个字说明", False),
        ("六个字的说明", True),
        ("  abcde  ", False),
        ("abcdef", True),
        ("\u3000五个字说明\u3000", False),
    ],
)
def test_explanation_needs_six_characters(text, ok):
    assert explanation_ok(text) is ok


def test_a_short_explanation_says_how_short():
    assert explanation_error("") is None
    assert explanation_error("六个字的说明") is None
    with translation.override("en"):
        assert explanation_error("short") == (
            "Write at least 6 characters; the explanation has 5."
        )


def test_previous_values_are_last_years_accepted_ones_only(university):
    report = open_report(university)
    last = ReportFactory(
        period=PeriodFactory(year=2023, state="closed"),
        university=university,
        state="passed",
    )
    report_sections_ensure(report=last)
    value_put(last, "IND-A1-03", "100")
    value_put(last, "IND-A1-04", "abc")
    # Not counted: two years ago, another university's, a report not accepted yet.
    accepted_report(PeriodFactory(year=2022), university, {"IND-A1-05": "7"})
    accepted_report(last.period, UniversityFactory(), {"IND-A1-06": "8"})
    fresh = Report.objects.get(pk=report.pk)  # the period not loaded yet
    assert previous_values(fresh) == {}

    accept_as_is(last)
    assert previous_values(fresh) == {_ind("IND-A1-03").pk: Decimal(100)}
    assert previous_values(report) == previous_values(fresh)

    # Reopened and changed, last year's report still counts as accepted.
    Report.objects.filter(pk=last.pk).update(state="draft")
    value_put(last, "IND-A1-03", "150")
    assert previous_values(fresh) == {_ind("IND-A1-03").pk: Decimal(100)}


def test_a_blank_report_is_not_ready(university):
    report = open_report(university)

    draft = report_check(report)
    final = report_check(report, for_submission=True)

    assert draft.errors == [] and not draft.ready
    assert not final.ready and final.completeness == 0
    codes = {(issue.section_code, issue.code) for issue in final.errors}
    assert ("A1", "section_incomplete") in codes
    assert ("A1", "narrative_missing") in codes
    assert set(final.sections) == set(
        report.sections.values_list("action__code", flat=True)
    )


def test_a_zero_report_section_counts_as_complete_a_blank_one_blocks(university):
    report = open_report(university)
    sections_zero_except(report, "A1")

    check = report_check(report, for_submission=True)
    assert not check.ready
    assert [(i.section_code, i.code) for i in check.errors] == [
        ("A1", "section_incomplete"),
        ("A1", "narrative_missing"),
    ]
    assert check.sections["A2"].complete and check.sections["A2"].zero_report
    assert not check.sections["A1"].complete

    section_fill(report, "A1")
    check = report_check(report, for_submission=True)
    assert check.errors == [] and check.ready
    assert check.completeness == 100
    assert check.sections["A1"].filled == check.sections["A1"].applicable == 22


def test_not_applicable_counts_as_filled(university):
    report = open_report(university)
    sections_zero_except(report, "A1")
    section_fill(report, "A1")
    Value.objects.filter(report=report, indicator__code="IND-A1-02").update(
        status=Value.Status.NOT_APPLICABLE, raw="", number=None
    )

    assert report_check(report, for_submission=True).ready


def test_a_zero_report_needs_its_note(university):
    report = open_report(university)
    sections_zero_except(report)
    ReportSection.objects.filter(report=report, action__code="A3").update(
        zero_note="  "
    )

    check = report_check(report)

    assert [(i.section_code, i.code) for i in check.errors] == [
        ("A3", "zero_note_missing")
    ]
    assert check.sections["A3"].complete and not check.ready


def _zero_report_with_a1_filled(university) -> Report:
    """A1 filled in (22 values), then declared empty this year with its note."""
    report = open_report(university)
    sections_zero_except(report, "A1")
    section_fill(report, "A1")
    ReportSection.objects.filter(report=report, action__code="A1").update(
        is_zero_report=True, zero_note="Nothing this year."
    )
    return report


def test_a_zero_report_holding_entered_values_is_an_error(university):
    report = _zero_report_with_a1_filled(university)
    Value.objects.filter(
        report=report, indicator__code__in=["IND-A1-02", "IND-A1-03"]
    ).update(status=Value.Status.NOT_APPLICABLE, raw="", number=None)
    with translation.override("en"):
        name = Action.objects.get(code="A1").heading
        check = report_check(report)  # already while filling, not only at submission

    [error] = check.errors
    assert (error.section_code, error.code) == ("A1", "zero_report_with_values")
    assert error.message.startswith(f"{name}: declared as nothing to report")
    assert "20 values are filled in" in error.message
    assert not check.ready
    assert "填写了20项指标" in report_check(report).errors[0].message


def test_a_zero_report_with_one_value_names_it_in_the_singular(university):
    report = _zero_report_with_a1_filled(university)
    Value.objects.filter(report=report).exclude(indicator__code="IND-A1-01").update(
        status=Value.Status.NOT_APPLICABLE, raw="", number=None
    )

    with translation.override("en"):
        [error] = report_check(report).errors

    assert "1 value is filled in. Clear it" in error.message


def test_a_zero_report_with_only_not_applicable_values_is_fine(university):
    report = _zero_report_with_a1_filled(university)
    Value.objects.filter(report=report).update(
        status=Value.Status.NOT_APPLICABLE, raw="", number=None
    )

    check = report_check(report, for_submission=True)

    assert check.errors == [] and check.ready


def test_the_report_page_shows_the_zero_report_contradiction(
    reporter_client, university
):
    report = _zero_report_with_a1_filled(university)

    body = reporter_client.get(f"/reports/{report.pk}/").content.decode()

    assert "已声明本年度零上报，却填写了22项指标" in body


def test_invalid_values_are_errors_with_their_message(university):
    report = open_report(university)
    sections_zero_except(report, "A1")
    section_fill(report, "A1")
    value_put(report, "IND-A1-03", "12人")

    check = report_check(report)

    [error] = check.errors
    assert (error.indicator_code, error.code) == ("IND-A1-03", "unit_typed")
    assert error.message == "请只填写数字，不要带单位；本项单位为人。"
    assert not check.ready
    assert check.for_indicator("IND-A1-03") == [error]


def test_an_unexplained_warning_blocks_readiness(university):
    report = open_report(university)
    accepted_last_year(report, {"IND-A1-04": "100"})
    sections_zero_except(report, "A1")
    section_fill(report, "A1")
    value_put(report, "IND-A1-04", "80")

    check = report_check(report, for_submission=True)
    [warning] = check.warnings
    assert warning.code == "stock_below_last_year" and not warning.explained
    assert check.unexplained == [warning] and check.errors == []
    assert not check.ready

    value_put(report, "IND-A1-04", "80", explanation="五个字说明")
    assert not report_check(report, for_submission=True).ready

    value_put(report, "IND-A1-04", "80", explanation="六个字的说明")
    check = report_check(report, for_submission=True)
    assert check.ready and check.warnings[0].explained and check.unexplained == []


def test_only_indicators_of_the_universitys_level_count(db):
    vocational = UniversityFactory(level=University.Level.ASSOCIATE)
    report = open_report(vocational)

    status = report_check(report).sections["A1"]

    applicable = applicable_indicators(vocational).filter(action__code="A1")
    assert status.applicable == applicable.count() < 22
    assert not applicable.filter(code="IND-A1-01").exists()


def _check_queries(report_pk: int) -> int:
    report = Report.objects.get(pk=report_pk)
    with CaptureQueriesContext(connection) as queries:
        check = report_check(report, for_submission=True)
    assert check.sections
    return len(queries)


def _fill_all(report: Report) -> None:
    for indicator in applicable_indicators(report.university):
        value_put(report, indicator.code, "abc" if indicator.pk % 3 else "1")


def test_query_count_does_not_grow_with_indicators(university):
    keep = list(Indicator.objects.order_by("pk").values_list("pk", flat=True)[:10])
    Indicator.objects.exclude(pk__in=keep).update(is_active=False)
    report = open_report(university)
    accepted_last_year(report, {})
    _fill_all(report)
    small = _check_queries(report.pk)

    for index in range(50):
        IndicatorFactory(action=Action.objects.get(code=f"A{index % 7 + 1}"))
    assert applicable_indicators(university).count() == 60
    _fill_all(report)
    large = _check_queries(report.pk)

    assert small == large <= 6
