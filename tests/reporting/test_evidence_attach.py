"""Attaching and removing evidence through the service: where files go, what is
recorded, duplicates, and the lock after submission and acceptance."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from institutions.models import Membership
from reporting.evidence import PDF, EvidenceRejected
from reporting.models import EvidenceFile, Report, Value
from reporting.services.evidence import evidence_attach, evidence_remove
from tests.reporting.evidence_views_support import (
    CHINESE_PDF,
    attach,
    corpus,
    media_path,
    media_root,  # noqa: F401 (autouse)
    member,
    pdf,
    revision,
    stored,
    upload,
)
from tests.reporting.workflow_support import walk

pytestmark = pytest.mark.django_db

State = Report.State


def test_a_file_is_stored_under_ids_and_its_checksum_never_its_name(report, cast):
    before = revision(report)
    section = report.sections.get(action__code="A1")

    evidence = attach(report, cast.reporter, section=section)

    evidence.refresh_from_db()
    assert evidence.name == CHINESE_PDF
    assert evidence.content_type == PDF
    assert evidence.size == len(corpus(CHINESE_PDF))
    assert evidence.uploaded_by == cast.reporter
    assert evidence.confirmed_unclassified is True
    assert evidence.section == section and evidence.value is None
    assert evidence.file.name == (
        f"evidence/{report.period.year}/{report.university.code}/{report.pk}/"
        f"{evidence.sha256}"
    )
    assert (media_path() / evidence.file.name).read_bytes() == corpus(CHINESE_PDF)
    assert stored(evidence) == corpus(CHINESE_PDF)
    # An addition is a change of the report: a new revision, recorded on the file.
    assert revision(report) == before + 1
    assert evidence.revision == before + 1


def test_without_the_confirmation_nothing_is_stored(report, cast):
    before = revision(report)

    with pytest.raises(ValidationError) as refused:
        evidence_attach(
            report=report,
            user=cast.reporter,
            uploaded_file=upload(CHINESE_PDF),
            name=CHINESE_PDF,
            confirm_unclassified=False,
        )

    assert refused.value.code == "unclassified_not_confirmed"
    assert not EvidenceFile.objects.exists()
    assert revision(report) == before
    assert not media_path().exists() or not [
        p for p in media_path().rglob("*") if p.is_file()
    ]


def test_a_rejected_file_leaves_no_trace(report, cast):
    before = revision(report)

    with pytest.raises(EvidenceRejected) as refused:
        attach(report, cast.reporter, "program.pdf")

    assert refused.value.code == "type_not_allowed"
    assert "program.pdf" in refused.value.messages[0]
    assert not EvidenceFile.objects.exists()
    assert revision(report) == before
    assert not media_path().exists() or not [
        p for p in media_path().rglob("*") if p.is_file()
    ]


def test_the_same_file_twice_at_the_same_place_is_recognised(report, cast):
    section = report.sections.get(action__code="A2")
    first = attach(report, cast.reporter, section=section)
    after_first = revision(report)

    again = attach(report, cast.approver, section=section)

    assert again.pk == first.pk
    assert again.already_attached is True
    assert first.already_attached is False
    assert EvidenceFile.objects.count() == 1
    assert revision(report) == after_first


def test_the_same_file_at_another_place_is_a_new_attachment(report, cast):
    first = attach(
        report, cast.reporter, section=report.sections.get(action__code="A1")
    )

    elsewhere = attach(report, cast.reporter)

    assert elsewhere.pk != first.pk
    assert elsewhere.section is None
    assert EvidenceFile.objects.count() == 2
    assert elsewhere.file.name != first.file.name  # each row its own stored copy


def test_a_file_can_come_before_the_number_it_proves(report, cast):
    from initiatives.models import Indicator

    indicator = Indicator.objects.get(code="IND-A1-03")
    Value.objects.filter(report=report, indicator=indicator).delete()

    evidence = attach(report, cast.reporter, indicator=indicator)

    value = Value.objects.get(report=report, indicator=indicator)
    assert value.status == Value.Status.BLANK
    assert evidence.value == value
    assert evidence.section == value.section
    assert value.section.action.code == "A1"


def test_a_value_of_another_report_is_refused(report, cast, other_university):
    from tests.factories import make_open_period_with_report
    from tests.reporting.engine_data import value_put

    other = make_open_period_with_report(other_university)
    foreign = value_put(other, "IND-A1-01", "3")

    with pytest.raises(ValidationError):
        attach(report, cast.reporter, value=foreign)

    assert not EvidenceFile.objects.exists()


def test_another_university_cannot_attach(report, other_university):
    outsider = member(other_university)

    with pytest.raises(PermissionDenied):
        attach(report, outsider)

    assert not EvidenceFile.objects.exists()


def test_removal_is_recorded_and_keeps_the_row_and_the_file(report, cast):
    evidence = attach(report, cast.reporter)
    added_in = revision(report)

    evidence_remove(evidence=evidence, user=cast.approver)

    evidence.refresh_from_db()
    assert evidence.removed_by == cast.approver
    assert evidence.removed_at is not None
    assert evidence.removed_revision == added_in + 1 == revision(report)
    assert (media_path() / evidence.file.name).exists()
    assert not EvidenceFile.objects.current().exists()


@pytest.mark.parametrize("state", [State.READY, State.SUBMITTED, State.ACCEPTED])
def test_after_the_draft_files_are_frozen_with_the_lock_reason(report, cast, state):
    evidence = attach(report, cast.reporter)
    walk(report, cast, state)
    report.refresh_from_db()
    reporter = Membership.objects.get(user=cast.reporter)
    reason = report.lock_reason(reporter)
    assert reason
    before = revision(report)

    with pytest.raises(PermissionDenied) as removing:
        evidence_remove(evidence=evidence, user=cast.reporter)
    with pytest.raises(PermissionDenied) as replacing:
        attach(report, cast.reporter, "notice.pdf", pdf("replacement"))

    assert str(removing.value) == reason
    assert str(replacing.value) == reason
    evidence.refresh_from_db()
    assert evidence.removed_at is None
    assert EvidenceFile.objects.count() == 1
    assert revision(report) == before


def test_after_acceptance_not_even_the_approver_or_the_ministry_can_remove(
    report, cast
):
    evidence = attach(report, cast.reporter)
    walk(report, cast, State.ACCEPTED)

    for user in (cast.approver, cast.official):
        with pytest.raises(PermissionDenied):
            evidence_remove(evidence=evidence, user=user)

    evidence.refresh_from_db()
    assert evidence.removed_at is None
