"""What a reviewer reads about a report after a return: measures named as the plan
names them, and the changes since their review read in the order the saves were
written, as the history page reads them, even when a save is dated back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from reporting.models import FieldComment, Report, ReportSection, Transition, Value
from reporting.section_input import SectionInput
from reporting.services import workflow
from reporting.services.review import field_comment_label, report_changes_since
from reporting.services.sections import section_save
from tests.reporting.workflow_support import university_under, walk

pytestmark = pytest.mark.django_db

State = Report.State


@pytest.fixture
def university(db):
    return university_under("EDU-11")


def _save(report, user, action_code: str, data: dict) -> None:
    section = report.sections.get(action__code=action_code)
    section_input = SectionInput.from_data(
        data, action_code=action_code, base_version=section.version
    )
    section_save(section=section, user=user, section_input=section_input)


def _returned(report, cast, field_comments=()) -> Report:
    walk(report, cast, State.SUBMITTED)
    workflow.report_return(
        report=report,
        user=cast.reviewer,
        comment="Check it.",
        field_comments=list(field_comments),
    )
    return Report.objects.get(pk=report.pk)


def test_a_comment_on_a_measure_names_the_measure(cast, report):
    report = _returned(
        report,
        cast,
        [{"section": "O1", "field": "narrative_done", "text": "Say more."}],
    )
    comment = FieldComment.objects.select_related("section__action", "indicator").get(
        report=report
    )

    with translation.override("zh-hans"):
        label = field_comment_label(comment)

    assert label.startswith("组织实施（一）加强顶层设计 · ")
    assert "O1" not in label


def test_a_changed_measure_narrative_names_the_measure(cast, report):
    report = _returned(report, cast)
    _save(report, cast.reporter, "O1", {"zero_note": "Nothing planned this year."})

    with translation.override("zh-hans"):
        changes = report_changes_since(report, cast.reviewer)

    assert [c.section_code for c in changes] == ["O1"]
    assert changes[0].label.startswith("组织实施（一）加强顶层设计 · ")
    assert "O1" not in changes[0].label


def _dated_back_before(report, at) -> None:
    """Every record written so far dated two days before `at`: the report filled
    in well before its review, as the demo has it."""
    for model in (Value, ReportSection):
        model.history.filter(report_id=report.pk).update(
            history_date=at - dt.timedelta(days=2)
        )


def test_changes_since_a_review_follow_the_order_the_saves_were_written(cast, report):
    """The demo dates its saves back: a save written after the return but dated
    before it must not hide the change written (and dated) after the return."""
    report = _returned(report, cast)
    returned_at = report.transitions.get(action=Transition.Action.RETURN).at
    _dated_back_before(report, returned_at)
    _save(report, cast.reporter, "A1", {"values": {"IND-A1-01": {"raw": "7"}}})
    _save(report, cast.reporter, "A1", {"values": {"IND-A1-01": {"raw": "9"}}})
    _save(report, cast.reporter, "A1", {"narrative_done": "Two new majors."})
    _save(report, cast.reporter, "A1", {"narrative_done": "Three new majors."})
    value = Value.objects.get(report=report, indicator__code="IND-A1-01")
    section = ReportSection.objects.get(report=report, action__code="A1")
    for model, pk in ((Value, value.pk), (ReportSection, section.pk)):
        last = model.history.filter(id=pk).order_by("-history_id").first()
        model.history.filter(history_id=last.history_id).update(
            history_date=returned_at - dt.timedelta(days=1)
        )

    with translation.override("en"):
        changes = report_changes_since(report, cast.reviewer)

    # As of the return the value was 5 and the narrative the ready report's: the
    # first record written after the return is compared with the one written
    # before it, whatever the later records' dates.
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("narrative_done", "Courses and projects as planned.", "Three new majors."),
        ("value", "5", "9"),
    ]


def test_a_record_dated_back_later_is_not_what_the_reviewer_saw(cast, report):
    """Both saves before the return, the first one's record dated after the
    second's: the value the reviewer saw is the one written last before the
    return, not the one dated last."""
    _save(report, cast.reporter, "A1", {"values": {"IND-A1-01": {"raw": "6"}}})
    report = _returned(report, cast)
    returned_at = report.transitions.get(action=Transition.Action.RETURN).at
    value = Value.objects.get(report=report, indicator__code="IND-A1-01")
    _dated_back_before(report, returned_at)
    first = value.history.order_by("history_id").first()
    Value.history.filter(history_id=first.history_id).update(
        history_date=returned_at - dt.timedelta(days=1)
    )
    _save(
        report,
        cast.reporter,
        "A1",
        {"values": {"IND-A1-01": {"raw": "6", "explanation": "Checked twice."}}},
    )

    with translation.override("en"):
        changes = report_changes_since(report, cast.reviewer)

    assert [(c.field, c.old, c.new) for c in changes] == [
        ("explanation", "", "Checked twice.")
    ]
