"""The version officials see is the how-manyth submission (issue 11): autosaves move
only the internal change counter, the signed page stays bound to its checksum, and a
second submission after a return reads "submission 2" on every page and in the mail."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client

from reporting.checklist import TO_DO, signoff_checklist
from reporting.models import Report, Transition, Value
from reporting.services import workflow
from reporting.services.evidence import evidence_attach
from reporting.signoff import SCAN_STALE, signoff_scan_problems, values_checksum
from tests.reporting.evidence_views_support import (
    media_root,  # noqa: F401 (autouse)
    pdf,
    upload,
)
from tests.reporting.form_support import autosave_url, version
from tests.reporting.workflow_support import walk

pytestmark = pytest.mark.django_db

State = Report.State
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown(body: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', body)
    assert found, testid
    return found.group(1).strip()


def page(user, url: str, **language) -> str:
    response = client_for(user).get(url, **(language or EN))
    assert response.status_code == 200, url
    return response.content.decode()


def queue_version(user, report: Report) -> str:
    body = page(user, "/reports/queue/")
    row = re.search(
        rf'data-testid="queue-row" data-report="{report.pk}".*?</tr>', body, re.S
    )
    assert row, "the report is not in the queue"
    return shown(row.group(0), "queue-version")


def autosave(client: Client, report: Report, data: dict) -> None:
    response = client.post(
        autosave_url(report, "A1"),
        json.dumps({"base_version": version(report, "A1"), "data": data}),
        content_type="application/json",
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True


FIVE_AUTOSAVES = [
    {"values": {"IND-A1-01": {"raw": "6"}}},
    {"narrative_done": "Courses and projects as planned; two more courses."},
    {"values": {"IND-A1-01": {"raw": "7"}}},
    {"narrative_obstacles": "Too few teachers."},
    {"narrative_next": "Hire two teachers."},
]


@pytest.fixture
def returned(report_in_state, cast) -> Report:
    """Submitted once, then returned by the authority: the draft after submission 1."""
    report = report_in_state(State.SUBMITTED, requires_signoff_scan=True)
    workflow.report_return(report=report, user=cast.reviewer, comment="Check A1.")
    report.refresh_from_db()
    return report


def test_five_autosaves_leave_the_version_and_stale_the_signed_page(returned, cast):
    report = returned
    detail, printed = f"/reports/{report.pk}/", f"/reports/{report.pk}/print/"
    before = page(cast.approver, printed)
    assert shown(before, "signoff-version") == "Draft after submission 1"
    assert shown(page(cast.approver, detail), "report-version") == (
        "Draft after submission 1"
    )
    # The approver has the page signed and stamped, and attaches its scan.
    signed = shown(before, "signoff-checksum")
    response = client_for(cast.approver).post(
        f"/reports/{report.pk}/evidence/signoff/?panel=signoff",
        {
            "files": [upload("scan.pdf", pdf("stamped"))],
            "confirm_unclassified": "on",
            "signed_checksum": signed,
        },
        HTTP_HX_REQUEST="true",
        **EN,
    )
    assert 'data-testid="scan-matches"' in response.content.decode()
    revision_before = report.revision

    reporter = client_for(cast.reporter)
    for data in FIVE_AUTOSAVES:
        autosave(reporter, report, data)

    report.refresh_from_db()
    assert report.revision == revision_before + 5  # the internal counter moved
    assert shown(page(cast.approver, detail), "report-version") == (
        "Draft after submission 1"
    )
    after = page(cast.approver, printed)
    assert shown(after, "signoff-version") == "Draft after submission 1"
    assert shown(after, "signoff-checksum") == values_checksum(report) != signed
    assert "第 1 次上报后的草稿" in page(cast.approver, detail, **ZH)
    # The scan of the page printed before is no longer the data's, wherever shown.
    for url in (detail, printed):
        body = page(cast.approver, url)
        assert 'data-testid="scan-mismatch"' in body, url
        assert values_checksum(report) in body, url
    assert signoff_scan_problems([report]) == {report.pk: SCAN_STALE}
    (scan_item,) = [i for i in signoff_checklist(report) if i.key == "scan"]
    assert scan_item.status == TO_DO and values_checksum(report) in scan_item.text

    workflow.report_mark_ready(report=report, user=cast.reporter)
    report.refresh_from_db()
    assert queue_version(cast.approver, report) == "Draft after submission 1"
    submit_page = page(cast.approver, f"/reports/{report.pk}/transition/submit/")
    assert shown(submit_page, "report-version") == "Draft after submission 1"
    assert 'data-testid="checklist-scan" data-status="to_do"' in submit_page


def test_a_draft_never_submitted_says_so(report, cast):
    body = page(cast.reporter, f"/reports/{report.pk}/form/", **ZH)

    assert shown(body, "report-version") == "草稿（尚未上报）"
    assert report.submission_count == 0


def test_a_second_submission_after_a_return_is_submission_2_everywhere(
    returned, cast, django_capture_on_commit_callbacks
):
    report = returned
    walk(report, cast, State.SUBMITTED)
    report.refresh_from_db()
    assert report.submission_count == 2

    pages = {
        "report-version": [
            f"/reports/{report.pk}/",
            f"/reports/{report.pk}/history/",
            f"/reports/{report.pk}/transition/pass/",
        ],
        "signoff-version": [f"/reports/{report.pk}/print/"],
    }
    for testid, urls in pages.items():
        for url in urls:
            assert shown(page(cast.reviewer, url), testid) == "Submission 2", url
    assert queue_version(cast.reviewer, report) == "Submission 2"
    assert "第 2 次上报" in page(cast.reviewer, f"/reports/{report.pk}/", **ZH)
    log = page(cast.reviewer, f"/reports/{report.pk}/")
    steps = re.findall(
        r'data-action="(\w+)".*?data-testid="step-version">([^<]*)<', log, re.S
    )
    assert steps == [  # newest first
        ("submit", "Submission 2"),
        ("mark_ready", "Draft after submission 1"),
        ("return", "Draft after submission 1"),
        ("submit", "Submission 1"),
        ("mark_ready", "Draft, not yet submitted"),
    ]
    body = page(cast.reviewer, f"/reports/{report.pk}/print/")
    line = re.search(r'data-testid="signoff-unclassified">(.*?)</p>', body, re.S)
    assert "at submission 2." in line.group(1)

    # A scan of the current page, so that the ministry may accept it.
    workflow_scan(report, cast)
    walk(report, cast, State.PASSED)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = workflow.report_accept(report=report, user=cast.official)

    assert accepted.submission_count == 2
    assert mail.outbox and all("（第 2 次上报）" in m.body for m in mail.outbox)
    accepted_page = page(cast.official, f"/reports/{report.pk}/")
    assert shown(accepted_page, "report-version") == "Submission 2"


def workflow_scan(report: Report, cast) -> None:
    evidence_attach(
        report=report,
        user=cast.approver,
        uploaded_file=upload("scan.pdf", pdf("second")),
        name="scan.pdf",
        kind="signoff",
        confirm_unclassified=True,
    )


def test_a_withdrawal_before_review_counts_the_resubmission(report_in_state, cast):
    report = report_in_state(State.SUBMITTED)
    workflow.report_withdraw(report=report, user=cast.approver)
    report.refresh_from_db()
    assert report.version_label == "第 1 次上报后的草稿"  # the portal's language

    walk(report, cast, State.SUBMITTED)

    report.refresh_from_db()
    assert report.version_label == "第 2 次上报"
    assert list(
        Transition.objects.filter(report=report, action="submit")
        .order_by("at", "id")
        .values_list("submission_count", flat=True)
    ) == [1, 2]


def test_an_explanation_changes_the_checksum_the_page_prints(report, cast):
    before = values_checksum(report)
    Value.objects.filter(report=report, indicator__code="IND-A1-01").update(
        explanation="Two new majors."
    )

    assert values_checksum(report) != before
