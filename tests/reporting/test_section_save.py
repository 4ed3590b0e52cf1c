"""Saving a section: everything typed is kept, each change raises the revision once,
history sees every change, and a save based on an older version is refused but kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from institutions.models import Membership
from reporting.models import PendingInput, Report, ReportSection, Value
from reporting.section_input import SectionInput
from reporting.services.reports import report_sections_ensure
from reporting.services.sections import pending_input_discard, section_save
from reporting.validation import applicable_indicators
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.engine_data import (
    accepted_last_year,
    open_report,
    section_fill,
    sections_zero_except,
)

pytestmark = pytest.mark.django_db


def _member(university, role=Membership.Role.REPORTER):
    user = UserFactory()
    MembershipFactory(user=user, university=university, role=role)
    return user


@pytest.fixture
def reporter(university):
    return _member(university)


@pytest.fixture
def report(university):
    return open_report(university)


def _section(report, code="A1") -> ReportSection:
    return ReportSection.objects.get(report=report, action__code=code)


def _save(section, user, data, base_version=None):
    section.refresh_from_db()
    version = section.version if base_version is None else base_version
    section_input = SectionInput.from_data(
        data, action_code=section.action.code, base_version=version
    )
    return section_save(section=section, user=user, section_input=section_input)


def _value(report, code) -> Value:
    return Value.objects.get(report=report, indicator__code=code)


def test_everything_typed_is_kept_valid_or_not(report, reporter):
    section = _section(report)

    result = _save(
        section,
        reporter,
        {
            "values": {
                "IND-A1-01": {"raw": "12", "status": "entered"},
                "IND-A1-03": {"raw": "１，２３４"},
                "IND-A1-04": {"raw": "abc"},
                "IND-A1-05": {"raw": "", "status": "na"},
            },
            "narrative_done": "Two new majors.",
        },
    )

    assert result.saved and result.changed and result.conflict is None
    assert result.version == 1
    full_width = _value(report, "IND-A1-03")
    assert (full_width.raw, full_width.number) == ("１，２３４", Decimal(1234))
    invalid = _value(report, "IND-A1-04")
    assert (invalid.raw, invalid.number, invalid.error_code) == (
        "abc",
        None,
        "not_a_number",
    )
    assert _value(report, "IND-A1-05").status == Value.Status.NOT_APPLICABLE
    assert _section(report).narrative_done == "Two new majors."
    [error] = result.check.for_indicator("IND-A1-04")
    assert error.message == "请填写数字，例如 1234 或 1,234.5。"
    assert result.check.sections["A1"].filled == 4


def test_messages_follow_the_language_of_the_request(report, reporter):
    with translation.override("en"):
        result = _save(_section(report), reporter, {"values": {"IND-A1-03": "12人"}})

    [error] = result.check.for_indicator("IND-A1-03")
    assert error.message == "Type a number without the unit; the unit is persons."


def test_each_changing_save_raises_the_revision_once(report, reporter):
    section = _section(report)

    _save(section, reporter, {"values": {"IND-A1-01": {"raw": "1"}}})
    report.refresh_from_db()
    assert report.revision == 1

    _save(
        section,
        reporter,
        {"values": {"IND-A1-01": {"raw": "2"}, "IND-A1-03": {"raw": "3"}}},
    )
    report.refresh_from_db()
    assert report.revision == 2
    assert _value(report, "IND-A1-01").revision == 2
    assert _value(report, "IND-A1-03").revision == 2
    section.refresh_from_db()
    assert (section.version, section.revision) == (2, 2)

    unchanged = _save(
        section,
        reporter,
        {"values": {"IND-A1-01": {"raw": "2"}}, "narrative_done": ""},
    )
    report.refresh_from_db()
    assert unchanged.saved and not unchanged.changed
    assert report.revision == 2 and unchanged.version == 2

    _save(_section(report, "A2"), reporter, {"narrative_done": "Started."})
    report.refresh_from_db()
    assert report.revision == 3


def test_history_keeps_old_and_new_values(report, reporter):
    section = _section(report)
    _save(section, reporter, {"values": {"IND-A1-01": {"raw": "1"}}})
    _save(section, reporter, {"values": {"IND-A1-01": {"raw": "1,000"}}})

    records = list(_value(report, "IND-A1-01").history.order_by("history_date"))

    assert [(r.raw, r.number, r.revision) for r in records] == [
        ("1", Decimal(1), 1),
        ("1,000", Decimal(1000), 2),
    ]
    assert {r.history_user for r in records} == {reporter}
    narrative = section.history.order_by("history_date").last()
    assert narrative.version == 2 and narrative.history_user == reporter


def test_missing_keys_keep_what_is_stored(report, reporter):
    section = _section(report)
    _save(
        section,
        reporter,
        {
            "values": {"IND-A1-01": {"raw": "7", "explanation": "Two merged."}},
            "narrative_done": "Done.",
        },
    )

    _save(section, reporter, {"values": {"IND-A1-01": {"explanation": "Merged."}}})

    value = _value(report, "IND-A1-01")
    assert (value.raw, value.number, value.explanation) == (
        "7",
        Decimal(7),
        "Merged.",
    )
    assert _section(report).narrative_done == "Done."


def test_blank_clears_and_blank_is_not_zero(report, reporter):
    section = _section(report)
    _save(section, reporter, {"values": {"IND-A1-01": "0", "IND-A1-03": "5"}})
    _save(section, reporter, {"values": {"IND-A1-03": {"raw": "", "status": "blank"}}})

    zero = _value(report, "IND-A1-01")
    cleared = _value(report, "IND-A1-03")
    assert (zero.status, zero.number) == (Value.Status.ENTERED, Decimal(0))
    assert (cleared.status, cleared.raw, cleared.number) == ("blank", "", None)
    check = _save(section, reporter, {}).check
    assert check.sections["A1"].filled == 1


def test_indicators_of_other_sections_are_ignored(report, reporter):
    result = _save(_section(report), reporter, {"values": {"IND-A2-01": "3"}})

    assert not result.changed
    assert not Value.objects.filter(report=report).exists()


def test_counters_are_stored_and_explanations_need_six_characters(report, reporter):
    accepted_last_year(report, {"IND-A1-04": "100"})
    sections_zero_except(report, "A1")
    section_fill(report, "A1")
    section = _section(report)

    _save(section, reporter, {"values": {"IND-A1-04": "60"}})
    report.refresh_from_db()
    assert (report.error_count, report.warning_count) == (0, 1)
    assert report.unexplained_warning_count == 1

    result = _save(
        section, reporter, {"values": {"IND-A1-04": {"explanation": "五个字说明"}}}
    )
    report.refresh_from_db()
    assert report.unexplained_warning_count == 1 and not result.check.ready
    assert _value(report, "IND-A1-04").explanation == "五个字说明"  # kept anyway

    result = _save(
        section, reporter, {"values": {"IND-A1-04": {"explanation": "六个字的说明"}}}
    )
    report.refresh_from_db()
    assert report.unexplained_warning_count == 0 and report.warning_count == 1
    assert result.check.ready and report.completeness == 100


def test_error_count_is_what_blocks_submission(report, reporter):
    _save(_section(report), reporter, {"values": {"IND-A1-01": "x"}})

    report.refresh_from_db()
    sections = report.sections.count()
    # the invalid value, and per section: incomplete and no narrative (O2, without
    # indicators, is only incomplete: its narrative is what it misses)
    assert report.error_count == 1 + 2 * sections - 1
    units = applicable_indicators(report.university).count() + sections
    assert report.completeness == 100 * 1 // units


def test_zero_report_with_note(report, reporter):
    result = _save(
        _section(report, "A7"),
        reporter,
        {"is_zero_report": "on", "zero_note": "No strategic studies this year."},
    )

    section = _section(report, "A7")
    assert section.is_zero_report and result.check.sections["A7"].complete
    assert not result.check.for_section("A7")


def test_a_stale_save_is_refused_and_kept(report, reporter, university):
    colleague = _member(university)
    section = _section(report)
    _save(section, colleague, {"values": {"IND-A1-01": "5"}, "narrative_done": "A"})
    report.refresh_from_db()

    mine = {"values": {"IND-A1-01": "6", "IND-A1-03": "9"}, "narrative_done": "B"}
    result = _save(section, reporter, mine, base_version=0)

    assert not result.saved and not result.changed and result.version == 1
    conflict = result.conflict
    assert conflict.current_version == 1 and conflict.changed_by == colleague
    labels = [label for label, _, _ in conflict.changes]
    assert [(mine_, theirs) for _, mine_, theirs in conflict.changes] == [
        ("6", "5"),
        ("9", ""),
        ("B", "A"),
    ]
    narrative = ReportSection._meta.get_field("narrative_done").verbose_name
    assert labels[0].startswith("IND-A1-01 ") and labels[2] == str(narrative)
    # nothing written
    assert _value(report, "IND-A1-01").raw == "5"
    assert not Value.objects.filter(report=report, indicator__code="IND-A1-03")
    assert Report.objects.get(pk=report.pk).revision == report.revision
    # kept for the user to reconcile, merged over what was pending before
    _save(section, reporter, {"values": {"IND-A1-05": "1"}}, base_version=0)
    pending = PendingInput.objects.get(section=section, user=reporter)
    assert pending.base_version == 0
    assert pending.data["values"] == {
        "IND-A1-01": {"raw": "6"},
        "IND-A1-03": {"raw": "9"},
        "IND-A1-05": {"raw": "1"},
    }
    assert pending.data["narrative_done"] == "B"

    # reconciled: saved against the current version, the pending input goes
    result = _save(section, reporter, pending.data, base_version=1)
    assert result.saved and result.version == 2
    assert not PendingInput.objects.filter(section=section, user=reporter).exists()


def test_pending_input_discard(report, reporter):
    section = _section(report)
    _save(section, reporter, {"values": {"IND-A1-01": "5"}})
    _save(section, reporter, {"values": {"IND-A1-01": "6"}}, base_version=0)
    other = _member(report.university)
    _save(section, other, {"values": {"IND-A1-01": "7"}}, base_version=0)

    pending_input_discard(section=section, user=reporter)

    assert list(PendingInput.objects.values_list("user", flat=True)) == [other.pk]


def test_only_the_universitys_own_users_save(report, reporter, other_university):
    section = _section(report)
    outsider = _member(other_university)
    official = UserFactory()
    MembershipFactory(user=official, university=None, role=Membership.Role.OFFICIAL)

    for user in (outsider, official):
        with pytest.raises(PermissionDenied):
            _save(section, user, {"values": {"IND-A1-01": "5"}})
    assert not Value.objects.filter(report=report).exists()


def test_no_save_once_the_period_is_closed(report, reporter):
    report.period.state = "closed"
    report.period.save()

    with pytest.raises(PermissionDenied, match="closed"):
        with translation.override("en"):
            _save(_section(report), reporter, {"values": {"IND-A1-01": "5"}})


def test_sections_are_ensured_once(report):
    before = list(report.sections.values_list("action__code", flat=True))

    report_sections_ensure(report=report)

    assert list(report.sections.values_list("action__code", flat=True)) == before
    assert before[:7] == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]
    assert before[7:] == ["O1", "O2", "O3"]  # O2 too, though it has no indicators


@pytest.mark.parametrize("data", [[], {"values": ["IND-A1-01"]}])
def test_input_of_another_shape_is_refused(report, reporter, data):
    with pytest.raises(ValidationError):
        _save(_section(report), reporter, data)
