"""The sign-off page within reach: linked from the report page for whoever may open
it; the approver's checklist on the submit step; a missing or stale stamped scan said
on every action bar that lets the report go on; a submitted report's scan stays."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reporting.checklist import signoff_checklist
from reporting.models import EvidenceFile, Report
from reporting.section_input import SectionInput
from reporting.services import workflow
from reporting.services.evidence import evidence_attach, evidence_remove
from reporting.services.sections import section_save
from tests.factories import MembershipFactory
from tests.reporting.engine_data import accepted_last_year, value_put
from tests.reporting.evidence_views_support import (
    media_root,  # noqa: F401 (autouse)
    pdf,
    upload,
)
from tests.reporting.workflow_support import walk

pytestmark = pytest.mark.django_db

State = Report.State
SCAN = EvidenceFile.Kind.SIGNOFF_SCAN
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
QUEUE = "/reports/queue/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def scan(report, user, tag="stamped") -> EvidenceFile:
    return evidence_attach(
        report=report,
        user=user,
        uploaded_file=upload("scan.pdf", pdf(tag)),
        name="scan.pdf",
        kind=SCAN,
        confirm_unclassified=True,
    )


def returned_and_edited(report, cast) -> None:
    """Back to draft and one narrative changed: the data differ from the scan."""
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


def print_links(body: str) -> list[str]:
    return re.findall(r'href="([^"]+)" data-testid="report-print"', body)


def checklist(body: str) -> dict[str, str]:
    return dict(re.findall(r'data-testid="checklist-(\w+)" data-status="(\w+)"', body))


def scan_problems(body: str) -> list[str]:
    return re.findall(r'data-testid="scan-problem" data-problem="(\w+)"', body)


# --- The link from the report page -------------------------------------------------


@pytest.mark.parametrize("role", ["reporter", "approver", "reviewer"])
def test_the_report_page_links_the_sign_off_page_for_who_may_open_it(
    report_in_state, cast, role
):
    report = report_in_state(State.SUBMITTED)
    client = client_for(getattr(cast, role))

    body = client.get(f"/reports/{report.pk}/", **EN).content.decode()

    assert print_links(body) == [f"/reports/{report.pk}/print/"]
    assert "Sign-off copy" in body
    page = client.get(print_links(body)[0], **EN)
    assert page.status_code == 200
    assert 'data-testid="signoff"' in page.content.decode()


def test_a_reviewer_who_may_not_read_a_draft_gets_neither_the_link_nor_the_page(
    report, cast
):
    reviewer = client_for(cast.reviewer)

    detail = reviewer.get(f"/reports/{report.pk}/", **EN)
    printed = reviewer.get(f"/reports/{report.pk}/print/", **EN)

    assert detail.status_code == printed.status_code == 403
    assert print_links(detail.content.decode()) == []
    assert 'data-testid="signoff"' not in printed.content.decode()


# --- The approver's checklist ------------------------------------------------------


def test_the_submit_step_lists_each_check_ticked_or_crossed(report_in_state, cast):
    report = report_in_state(State.READY, requires_signoff_scan=True)
    approver = client_for(cast.approver)
    url = f"/reports/{report.pk}/transition/submit/"

    body = approver.get(url, **EN).content.decode()

    assert checklist(body) == {"errors": "done", "warnings": "done", "scan": "to_do"}
    assert "No errors in the report." in body
    assert "Every warning is explained." in body
    assert "this period requires it before the ministry accepts" in body
    assert f'href="/reports/{report.pk}/print/" data-testid="checklist-scan-link"' in (
        body
    )

    scan(report, cast.approver)
    body = approver.get(url, **EN).content.decode()
    assert checklist(body)["scan"] == "done"
    assert "is attached and matches the current data" in body


def test_a_scan_the_period_does_not_require_is_optional_until_it_is_stale(
    report_in_state, cast
):
    report = report_in_state(State.READY)
    url = f"/reports/{report.pk}/transition/submit/"

    body = client_for(cast.approver).get(url, **EN).content.decode()
    assert checklist(body)["scan"] == "optional"

    scan(report, cast.approver)
    returned_and_edited(report, cast)
    walk(report, cast, State.READY)
    body = client_for(cast.approver).get(url, **EN).content.decode()
    assert checklist(body)["scan"] == "to_do"
    assert "does not match the current data" in body


def test_errors_and_unexplained_warnings_are_crossed_with_a_link_to_the_field(
    report, cast
):
    MembershipFactory(user=cast.reporter, role="approver", university=cast.university)
    accepted_last_year(report, {"IND-A1-04": "100"})
    value_put(report, "IND-A1-03", "12 people")
    value_put(report, "IND-A1-04", "80")

    response = client_for(cast.reporter).get(
        f"/reports/{report.pk}/transition/submit/", **EN
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert checklist(body) == {
        "errors": "to_do",
        "warnings": "to_do",
        "scan": "optional",
    }
    assert "1 error in the report." in body
    assert "1 warning without explanation." in body
    form = f"/reports/{report.pk}/form/?section=A1"
    assert f'href="{form}#raw-IND-A1-03" data-testid="checklist-errors-link"' in body
    assert f'href="{form}#raw-IND-A1-04" data-testid="checklist-warnings-link"' in body


def test_the_checklist_follows_the_language(report_in_state, cast):
    report = report_in_state(State.READY, requires_signoff_scan=True)

    items = signoff_checklist(report)

    assert [item.key for item in items] == ["errors", "warnings", "scan"]
    assert items[0].text == "报告中没有错误。"
    body = client_for(cast.approver).get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="submit-checklist-link"' in body


# --- The action bars ---------------------------------------------------------------


def test_a_missing_scan_is_said_where_the_report_can_go_on(report_in_state, cast):
    report = report_in_state(State.READY, requires_signoff_scan=True)

    for url in (f"/reports/{report.pk}/", f"/reports/{report.pk}/form/"):
        body = client_for(cast.approver).get(url, **EN).content.decode()
        assert scan_problems(body) == ["missing"], url
        assert "Sign-off scan missing" in body
    # The reporter has no step that lets it go on: nothing to say to them.
    body = client_for(cast.reporter).get(f"/reports/{report.pk}/", **EN)
    assert scan_problems(body.content.decode()) == []

    scan(report, cast.approver)
    body = client_for(cast.approver).get(f"/reports/{report.pk}/", **EN)
    assert scan_problems(body.content.decode()) == []


def test_a_stale_scan_is_flagged_on_the_report_page_and_the_queue_rows(
    report_in_state, cast
):
    report = report_in_state(State.READY, requires_signoff_scan=True)
    scan(report, cast.approver)
    returned_and_edited(report, cast)
    walk(report, cast, State.SUBMITTED)
    reviewer = client_for(cast.reviewer)

    body = reviewer.get(f"/reports/{report.pk}/", **EN).content.decode()
    assert scan_problems(body) == ["stale"]
    assert "Sign-off scan out of date" in body
    queue = reviewer.get(QUEUE, **EN).content.decode()
    assert scan_problems(queue) == ["stale"]

    # The approver attaches the scan of the current page (it may follow submission).
    scan(report, cast.approver, "again")
    assert scan_problems(reviewer.get(QUEUE, **EN).content.decode()) == []
    body = reviewer.get(f"/reports/{report.pk}/", **EN).content.decode()
    assert scan_problems(body) == []


def test_a_period_without_the_requirement_flags_nothing(report_in_state, cast):
    report = report_in_state(State.SUBMITTED)

    body = client_for(cast.reviewer).get(f"/reports/{report.pk}/", **EN)
    queue = client_for(cast.reviewer).get(QUEUE, **EN)

    assert scan_problems(body.content.decode()) == []
    assert scan_problems(queue.content.decode()) == []


def test_the_queue_reads_the_scans_in_the_same_queries_for_1_and_4_reports(
    report_in_state, cast
):
    reviewer = client_for(cast.reviewer)

    def queries(rows: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            body = reviewer.get(QUEUE, **EN).content.decode()
        assert body.count('data-testid="queue-row"') == rows
        return len(captured)

    stale = report_in_state(State.READY, requires_signoff_scan=True)
    scan(stale, cast.approver)
    returned_and_edited(stale, cast)
    walk(stale, cast, State.SUBMITTED)
    small = queries(1)
    matching = report_in_state(State.READY, requires_signoff_scan=True)
    scan(matching, cast.approver)
    walk(matching, cast, State.SUBMITTED)
    for _ in range(2):
        report_in_state(State.SUBMITTED, requires_signoff_scan=True)

    large = queries(4)

    assert large == small
    body = reviewer.get(QUEUE, **EN).content.decode()
    assert sorted(scan_problems(body)) == ["missing", "missing", "stale"]


# --- The scan stays once submitted -------------------------------------------------


def test_the_scan_cannot_be_removed_after_submission(report_in_state, cast):
    report = report_in_state(State.READY, requires_signoff_scan=True)
    attached = scan(report, cast.approver)
    walk(report, cast, State.SUBMITTED)

    with pytest.raises(PermissionDenied) as refused:
        evidence_remove(evidence=attached, user=cast.approver)

    assert "予以保留" in str(refused.value)
    attached.refresh_from_db()
    assert attached.removed_at is None
    page = client_for(cast.approver).get(f"/reports/{report.pk}/print/", **EN)
    assert 'data-testid="evidence-remove"' not in page.content.decode()
    response = client_for(cast.approver).post(
        f"/reports/evidence/{attached.pk}/remove/?panel=signoff",
        HTTP_HX_REQUEST="true",
        **EN,
    )
    assert response.status_code == 403
    assert "its signed and stamped page stays" in response.content.decode()
    attached.refresh_from_db()
    assert attached.removed_at is None


def test_before_submission_the_approver_still_removes_the_scan(report_in_state, cast):
    report = report_in_state(State.READY, requires_signoff_scan=True)
    attached = scan(report, cast.approver)
    page = client_for(cast.approver).get(f"/reports/{report.pk}/print/", **EN)
    assert 'data-testid="evidence-remove"' in page.content.decode()

    evidence_remove(evidence=attached, user=cast.approver)

    attached.refresh_from_db()
    assert attached.removed_at is not None
