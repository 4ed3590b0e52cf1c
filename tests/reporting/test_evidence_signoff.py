"""The stamped scan of the sign-off page: attached by the approver with the checksum
the page shows, flagged when the data change, required for acceptance where the
period says so."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from reporting.models import EvidenceFile, Report
from reporting.section_input import SectionInput
from reporting.services import workflow
from reporting.services.evidence import evidence_attach
from reporting.services.sections import section_save
from reporting.services.workflow_guards import TransitionRefused
from reporting.signoff import signoff_scan_matching, values_checksum
from tests.reporting.evidence_views_support import (
    media_root,  # noqa: F401 (autouse)
    pdf,
    revision,
    upload,
)
from tests.reporting.workflow_support import walk

pytestmark = pytest.mark.django_db

State = Report.State
SCAN = EvidenceFile.Kind.SIGNOFF_SCAN
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def report(report_in_state):
    return report_in_state(State.READY, requires_signoff_scan=True)


def scan(report, user, tag="stamped", **signed):
    return evidence_attach(
        report=report,
        user=user,
        uploaded_file=upload("scan.pdf", pdf(tag)),
        name="scan.pdf",
        kind=SCAN,
        confirm_unclassified=True,
        **signed,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def returned_and_edited(report, cast) -> None:
    """Back to draft and one narrative changed: a new revision."""
    workflow.report_return(report=report, user=cast.approver, comment="Fix A1.")
    section = report.sections.get(action__code="A1")
    section_save(
        section=section,
        user=cast.reporter,
        section_input=SectionInput.from_data(
            {"narrative_done": "Two more courses."},
            action_code="A1",
            base_version=section.version,
        ),
    )


def test_the_approver_attaches_the_scan_of_the_page_as_it_shows_now(report, cast):
    before = revision(report)
    page = client_for(cast.approver).get(f"/reports/{report.pk}/print/", **EN)
    body = page.content.decode()
    shown_checksum = re.search(r'name="signed_checksum" value="([^"]+)"', body).group(1)
    assert shown_checksum == re.search(
        r'data-testid="signoff-checksum">([^<]*)<', body
    ).group(1)

    response = client_for(cast.approver).post(
        f"/reports/{report.pk}/evidence/signoff/?panel=signoff",
        {
            "files": [upload("scan.pdf", pdf("stamped"))],
            "confirm_unclassified": "on",
            "signed_checksum": shown_checksum,
        },
        HTTP_HX_REQUEST="true",
        **EN,
    )

    assert response.status_code == 200
    assert 'data-testid="scan-matches"' in response.content.decode()
    evidence = EvidenceFile.objects.get(kind=SCAN)
    assert evidence.signed_revision == report.revision  # for the record only
    assert evidence.signed_checksum == shown_checksum == values_checksum(report)
    assert evidence.uploaded_by == cast.approver
    # A record of the data, not a change of them.
    assert revision(report) == before
    assert signoff_scan_matching(report) == evidence


def test_only_the_approver_attaches_the_scan(report, cast):
    with pytest.raises(PermissionDenied):
        scan(report, cast.reporter)
    with pytest.raises(PermissionDenied):
        scan(report, cast.official)

    body = client_for(cast.reporter).get(f"/reports/{report.pk}/print/").content
    assert b'data-testid="evidence-upload-signoff"' not in body
    approver_page = client_for(cast.approver).get(f"/reports/{report.pk}/print/")
    assert b'data-testid="evidence-upload-signoff"' in approver_page.content
    assert not EvidenceFile.objects.exists()


def test_a_page_opened_before_a_change_is_refused(report, cast):
    old_checksum = values_checksum(report)
    returned_and_edited(report, cast)
    walk(report, cast, State.READY)
    report.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        scan(report, cast.approver, signed_checksum=old_checksum)

    assert refused.value.code == "stale_page"
    assert not EvidenceFile.objects.exists()


def test_a_change_after_the_scan_flags_it_wherever_it_is_listed(report, cast):
    scan(report, cast.approver)
    returned_and_edited(report, cast)
    report.refresh_from_db()

    assert signoff_scan_matching(report) is None
    for url in (f"/reports/{report.pk}/print/", f"/reports/{report.pk}/"):
        body = client_for(cast.approver).get(url, **EN).content.decode()
        assert 'data-testid="scan-mismatch"' in body, url
        assert "Does not match the current data" in body
        assert 'data-testid="scan-matches"' not in body


def test_a_new_scan_replaces_the_earlier_one(report, cast):
    first = scan(report, cast.approver, "first")

    second = scan(report, cast.approver, "second")

    first.refresh_from_db()
    assert first.removed_at is not None and first.removed_by == cast.approver
    assert list(EvidenceFile.objects.current()) == [second]
    body = client_for(cast.approver).get(f"/reports/{report.pk}/print/").content
    assert b'data-testid="scan-replaced"' in body


def test_accept_is_refused_without_the_scan_when_the_period_requires_it(report, cast):
    walk(report, cast, State.PASSED)

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_accept(report=report, user=cast.official)

    assert refused.value.code == "signoff_scan_missing"
    report.refresh_from_db()
    assert report.state == State.PASSED


def test_accept_is_refused_with_a_scan_that_no_longer_matches(report, cast):
    scan(report, cast.approver)
    returned_and_edited(report, cast)
    walk(report, cast, State.PASSED)

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_accept(report=report, user=cast.official)

    assert refused.value.code == "signoff_scan_missing"
    assert "与当前数据不一致" in refused.value.message


def test_accept_goes_through_with_the_matching_scan(report, cast):
    walk(report, cast, State.SUBMITTED)
    scan(report, cast.approver)  # a forgotten scan may follow the submission
    walk(report, cast, State.PASSED)

    workflow.report_accept(report=report, user=cast.official)

    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    with pytest.raises(PermissionDenied):
        scan(report, cast.approver, "after")  # never after acceptance


def test_a_period_without_the_requirement_accepts_without_a_scan(report, cast):
    report.period.requires_signoff_scan = False
    report.period.save()
    walk(report, cast, State.PASSED)

    workflow.report_accept(report=report, user=cast.official)

    report.refresh_from_db()
    assert report.state == State.ACCEPTED
