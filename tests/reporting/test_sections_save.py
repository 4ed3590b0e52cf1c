"""Saving several sections at once: each under its own lock, the report checked and
its counters stored once."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from institutions.models import Membership
from reporting.models import PendingInput, Report, ReportSection, Value
from reporting.section_input import SectionInput, ValueInput
from reporting.services import sections as sections_module
from reporting.services.sections import section_save, sections_save
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.engine_data import open_report
from tests.reporting.test_autosave_counters import assert_counters_hold

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(university):
    user = UserFactory()
    MembershipFactory(user=user, university=university, role=Membership.Role.REPORTER)
    return user


@pytest.fixture
def report(university):
    return open_report(university)


def _input(code: str, raw: str, *, base_version: int = 0, **fields) -> SectionInput:
    indicator = f"IND-{code}-01"
    return SectionInput(
        action_code=code,
        base_version=base_version,
        values={indicator: ValueInput(indicator_code=indicator, raw=raw)},
        **fields,
    )


def _raw(report, code: str) -> str:
    return Value.objects.get(report=report, indicator__code=code).raw


def _counting_checks():
    return mock.patch.object(
        sections_module, "report_check", wraps=sections_module.report_check
    )


def test_three_sections_are_saved_and_only_they_are_checked(report, reporter):
    inputs = [
        _input("A1", "12", narrative_done="Two new majors."),
        _input("A2", "3"),
        _input("A3", "4"),
    ]

    with _counting_checks() as report_check:
        results = sections_save(report=report, user=reporter, inputs=inputs)

    assert report_check.call_count == 0  # the saved sections' checks, no whole report
    assert [(r.saved, r.changed, r.version) for r in results] == [(True, True, 1)] * 3
    assert [_raw(report, f"IND-{code}-01") for code in ("A1", "A2", "A3")] == [
        "12",
        "3",
        "4",
    ]
    section = ReportSection.objects.get(report=report, action__code="A1")
    assert section.narrative_done == "Two new majors."
    report.refresh_from_db()
    # one save, one revision; the stored counters are those of the final state
    assert report.revision == 1
    assert report.completeness > 0
    assert ReportSection.objects.get(report=report, action__code="A2").filled_count == 1
    assert_counters_hold(report)  # the sums kept equal a check of the whole report


def test_saving_them_one_by_one_keeps_the_report_s_counters(report, reporter):
    with _counting_checks() as report_check:
        for code in ("A1", "A2", "A3"):
            section = ReportSection.objects.get(report=report, action__code=code)
            section_save(
                section=section, user=reporter, section_input=_input(code, "1")
            )

    assert report_check.call_count == 0
    assert_counters_hold(report)
    report.refresh_from_db()
    assert report.revision == 3


def test_a_stale_section_is_kept_while_the_others_are_saved(report, reporter):
    sections_save(report=report, user=reporter, inputs=[_input("A2", "1")])

    results = sections_save(
        report=report,
        user=reporter,
        inputs=[_input("A1", "5"), _input("A2", "2", base_version=0)],
    )

    saved, refused = results
    assert saved.saved and saved.changed and saved.conflict is None
    assert not refused.saved and refused.conflict.current_version == 1
    assert [
        (label[:9], mine, theirs) for label, mine, theirs in refused.conflict.changes
    ] == [("IND-A2-01", "2", "1")]
    assert (_raw(report, "IND-A1-01"), _raw(report, "IND-A2-01")) == ("5", "1")
    pending = PendingInput.objects.get(user=reporter)
    assert pending.section.action.code == "A2"
    assert pending.data == {"values": {"IND-A2-01": {"raw": "2"}}}
    assert Report.objects.get(pk=report.pk).revision == 2


def test_nothing_changed_stores_nothing(report, reporter):
    results = sections_save(
        report=report,
        user=reporter,
        inputs=[_input("A1", ""), _input("A2", "", narrative_done="")],
    )

    assert [(r.saved, r.changed, r.version) for r in results] == [(True, False, 0)] * 2
    assert Report.objects.get(pk=report.pk).revision == 0
    assert not Value.objects.filter(report=report).exists()
    assert sections_save(report=report, user=reporter, inputs=[]) == []


@pytest.mark.parametrize("codes", [["A1", "A1"], ["A1", "Z9"]])
def test_an_unknown_or_repeated_section_is_refused(report, reporter, codes):
    with pytest.raises(ValidationError):
        sections_save(
            report=report, user=reporter, inputs=[_input(code, "1") for code in codes]
        )
    assert not Value.objects.filter(report=report).exists()


def test_an_input_for_another_section_is_refused(report, reporter):
    section = ReportSection.objects.get(report=report, action__code="A1")

    with pytest.raises(ValidationError):
        section_save(section=section, user=reporter, section_input=_input("A2", "1"))
